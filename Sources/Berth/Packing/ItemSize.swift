/// How item-centric packers rank VMs (largest first), from the vector bin packing literature
/// (Panigrahy et al., "Heuristics for Vector Bin Packing", 2011). Sizes are normalised per
/// resource by the largest host capacity, so dimensions are comparable.
package enum ItemSize: String, Sendable, CaseIterable, Codable {
    /// Π (size_r): the "volume" of the item.
    case product
    /// Σ size_r.
    case sum
    /// Σ scarcity_r · size_r, scarcity = total demand ÷ total capacity of the resource.
    case scarcityWeightedSum
    /// √Σ size_r².
    case l2
    /// max_r size_r.
    case max

    func value(_ size: [Double], scarcity: [Double]) -> Double {
        switch self {
        case .product: size.reduce(1.0) { $0 * Swift.max($1, 1e-9) }
        case .sum: size.reduce(0, +)
        case .scarcityWeightedSum: zip(size, scarcity).reduce(0.0) { $0 + $1.0 * $1.1 }
        case .l2: size.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
        case .max: size.max() ?? 0
        }
    }
}
