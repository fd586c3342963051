/// Amounts of named resources (`cpu`, `memory`, `network`, `disk`, `gpu`, …).
///
/// Missing names read as zero. Units are the instance's own (the bundled models use
/// cores and MiB); Berth never converts between them.
public struct ResourceVector: Hashable, Sendable, Codable, ExpressibleByDictionaryLiteral {
    public var amounts: [String: Double]

    public init(_ amounts: [String: Double] = [:]) { self.amounts = amounts }

    public init(dictionaryLiteral elements: (String, Double)...) {
        self.amounts = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    public subscript(_ resource: String) -> Double {
        get { amounts[resource] ?? 0 }
        set { amounts[resource] = newValue }
    }

    /// Resource names in a stable (sorted) order.
    public var names: [String] { amounts.keys.sorted() }

    public init(from decoder: any Decoder) throws {
        amounts = try decoder.singleValueContainer().decode([String: Double].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(amounts)
    }
}
