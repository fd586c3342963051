import CZlib
import Foundation

/// gzip decompression through zlib; plain data passes through unchanged.
enum Gunzip {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Whether `data` starts with the gzip magic bytes.
    static func isGzip(_ data: Data) -> Bool { data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b }

    /// Most decompressed bytes accepted: 1 GiB (a small file can expand a thousandfold).
    static let maximumBytes = 1 << 30

    /// The decompressed bytes of a gzip stream (or `data` itself when it is not gzipped).
    static func decompress(_ data: Data, maximumBytes: Int = maximumBytes) throws(Failure) -> Data {
        guard isGzip(data) else { return data }
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header.
        guard inflateInit2_(&stream, 16 + 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "cannot initialise zlib")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var input = [UInt8](data)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            repeat {
                buffer.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(chunk)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output.append(outBuffer.baseAddress!, count: chunk - Int(stream.avail_out))
                }
            } while status == Z_OK && output.count <= maximumBytes
        }
        if output.count > maximumBytes {
            throw Failure(description: "decompresses to more than \(maximumBytes >> 20) MiB; refusing to read further")
        }
        guard status == Z_STREAM_END else { throw Failure(description: "corrupt gzip data (zlib status \(status))") }
        return output
    }
}
