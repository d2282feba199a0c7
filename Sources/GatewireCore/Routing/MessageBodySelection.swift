/// The elements a route selection expression's paths select in a message body, read without building the rest.
///
/// Route selection needs one or two values of a message, yet parsing the body into a `JSONValue` builds every key,
/// string, number and container in it. This reads the body once with the same strict checks as
/// `JSONValue.parseMessageBody` (a body is JSON here exactly when it is there) and builds only the values at the
/// paths, with the tree's rules: the last of duplicate keys wins, a key names nothing in an array and an index
/// nothing in an object.
///
/// Paths with a negative index (`[-1]`, counted from the end) need the array's length before its elements can be
/// told apart, so they are not supported; `RouteSelectionExpression.evaluate` reads such bodies through the tree.
struct MessageBodySelection {
    /// The most paths one selection follows: which of them a value lies on is kept as one bit each.
    static let maximumPathCount = PathSet.capacity

    /// Whether the body's own value is an object.
    var bodyIsObject: Bool
    /// The element at each path, in the order of the paths; `nil` where the body has nothing at a path.
    var values: [JSONValue?]

    /// Whether a selection can follow these paths: no negative index, and not more than `maximumPathCount`.
    static func supports(_ paths: [BodyPath]) -> Bool {
        paths.count <= maximumPathCount
            && paths.allSatisfy { path in
                path.segments.allSatisfy { segment in
                    if case .index(let index) = segment { return index >= 0 }
                    return true
                }
            }
    }

    /// Reads the elements at `paths` from a message body.
    ///
    /// - Parameters:
    ///   - payload: the message body.
    ///   - paths: where to read; `supports(paths)` must hold.
    /// - Returns: `nil` when the body is not JSON (`JSONValue.parseMessageBody` would return `nil`).
    init?(payload: [UInt8], paths: [BodyPath]) {
        var reader = SelectionReader(paths: paths)
        do throws(JSONParseError) {
            try reader.readDocument(payload)
        } catch {
            return nil
        }
        bodyIsObject = reader.bodyIsObject
        values = reader.values
    }
}

/// Some of a selection's paths, by their index: the paths a value lies on.
private struct PathSet: Sequence, IteratorProtocol {
    /// The most paths a set can hold.
    static let capacity = UInt64.bitWidth

    private var bits: UInt64

    /// No path.
    static let none = PathSet(bits: 0)

    private init(bits: UInt64) {
        self.bits = bits
    }

    /// The paths with indexes `0..<count`.
    init(first count: Int) {
        bits = count == Self.capacity ? .max : (1 << count) - 1
    }

    var isEmpty: Bool { bits == 0 }

    mutating func insert(_ index: Int) {
        bits |= 1 << index
    }

    /// The lowest index still in the set, taken out of it; iterating a set takes its indexes in order.
    mutating func next() -> Int? {
        guard bits != 0 else { return nil }
        let index = bits.trailingZeroBitCount
        bits &= bits - 1
        return index
    }
}

/// One walk through a body for `MessageBodySelection`: the paths and what has been found so far; the cursor is
/// passed along, so `JSONCursor`'s object and array readers can hand it to the reading of each member.
private struct SelectionReader {
    private let paths: [BodyPath]
    private(set) var bodyIsObject = false
    private(set) var values: [JSONValue?]

    init(paths: [BodyPath]) {
        self.paths = paths
        values = Array(repeating: nil, count: paths.count)
    }

    /// Reads the whole body, checking it as `JSONCursor.parseDocument` does.
    mutating func readDocument(_ payload: [UInt8]) throws(JSONParseError) {
        var cursor = JSONCursor(bytes: payload, options: JSONValue.messageBodyParser)
        cursor.skipWhitespace()
        bodyIsObject = cursor.current == UInt8(ascii: "{")
        try readValue(&cursor, depth: 1, level: 0, on: PathSet(first: paths.count))
        cursor.skipWhitespace()
        if cursor.current != nil { throw cursor.error("unexpected text after the JSON value") }
    }

    /// Reads one value that the paths in `onPaths` lead to after `level` segments.
    ///
    /// When a path ends here, the value is built and the other paths through it are read from the built value;
    /// otherwise only the members and elements the paths go on into are looked at, and the rest is skipped.
    private mutating func readValue(
        _ cursor: inout JSONCursor, depth: Int, level: Int, on onPaths: PathSet
    ) throws(JSONParseError) {
        if onPaths.isEmpty { return try cursor.skipValue(depth: depth) }
        if onPaths.contains(where: { paths[$0].segments.count == level }) {
            let value: JSONValue = try cursor.parseValue(depth: depth)
            for index in onPaths {
                values[index] = Self.element(of: value, at: paths[index].segments[level...])
            }
            return
        }
        guard depth <= cursor.maximumDepth else {
            throw cursor.error("nesting deeper than \(cursor.maximumDepth) levels")
        }
        switch cursor.current {
        case UInt8(ascii: "{"): try readObject(&cursor, depth: depth, level: level, on: onPaths)
        case UInt8(ascii: "["): try readArray(&cursor, depth: depth, level: level, on: onPaths)
        default: try cursor.skipValue(depth: depth)
        }
    }

    /// Reads an object, following the paths whose next segment is one of its keys.
    private mutating func readObject(
        _ cursor: inout JSONCursor, depth: Int, level: Int, on onPaths: PathSet
    ) throws(JSONParseError) {
        // Keys are only built when a path goes on by key from here.
        let needsKeys = !paths(in: onPaths, at: level, where: { if case .key = $0 { true } else { false } }).isEmpty
        try cursor.readObject { cursor throws(JSONParseError) -> PathSet in
            guard needsKeys else {
                try cursor.skipString()
                return .none
            }
            let key = try cursor.parseString()
            return paths(in: onPaths, at: level) { $0 == .key(key) }
        } value: { cursor, next throws(JSONParseError) in
            // The last of duplicate keys wins: what an earlier one gave is forgotten, found again or not.
            for index in next { values[index] = nil }
            try readValue(&cursor, depth: depth + 1, level: level + 1, on: next)
        }
    }

    /// Reads an array, following the paths whose next segment is one of its indexes.
    private mutating func readArray(
        _ cursor: inout JSONCursor, depth: Int, level: Int, on onPaths: PathSet
    ) throws(JSONParseError) {
        try cursor.readArray { cursor, position throws(JSONParseError) in
            let next = paths(in: onPaths, at: level) { $0 == .index(position) }
            try readValue(&cursor, depth: depth + 1, level: level + 1, on: next)
        }
    }

    /// The paths of `set` whose segment at `level` satisfies `test`.
    private func paths(in set: PathSet, at level: Int, where test: (BodyPath.Segment) -> Bool) -> PathSet {
        var selected = PathSet.none
        for index in set where test(paths[index].segments[level]) {
            selected.insert(index)
        }
        return selected
    }

    /// The element `segments` lead to from `value`, read as `BodyPath.value(in:)` does.
    private static func element(of value: JSONValue, at segments: ArraySlice<BodyPath.Segment>) -> JSONValue? {
        BodyPath(segments: Array(segments)).value(in: value)
    }
}
