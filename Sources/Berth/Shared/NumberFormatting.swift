import Foundation

/// `8`, `2.5`: numbers as people write them.
func format(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
    return String(format: "%.3g", value)
}
