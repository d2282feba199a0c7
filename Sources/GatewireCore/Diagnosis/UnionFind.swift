/// Disjoint sets over `0..<count`, with path halving.
struct UnionFind: Sendable {
    private var parent: [Int]

    init(count: Int) {
        parent = Array(0..<count)
    }

    mutating func find(_ element: Int) -> Int {
        var element = element
        while parent[element] != element {
            parent[element] = parent[parent[element]]
            element = parent[element]
        }
        return element
    }

    mutating func union(_ first: Int, _ second: Int) {
        let (a, b) = (find(first), find(second))
        // The smaller index stays the root, so classes are numbered by first appearance.
        if a < b { parent[b] = a } else if b < a { parent[a] = b }
    }
}
