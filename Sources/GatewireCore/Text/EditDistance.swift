/// How many single-character edits separate two strings, for "did you mean" hints and suggestions.
///
/// Comparison is by `Character` and case-sensitive, like route keys and stage names; callers that forgive case
/// check for a case-only difference first.
enum EditDistance {
    /// The Damerau–Levenshtein distance in its optimal-string-alignment form: insertions, deletions, substitutions
    /// and transpositions of adjacent characters each cost 1, and no substring is edited twice.
    ///
    /// The restricted form differs from the unrestricted one only when a transposed pair is edited again (`ca` →
    /// `abc` costs 3 here and 2 there), a typo too contrived to matter for hints.
    static func damerauLevenshtein(_ lhs: String, _ rhs: String) -> Int {
        distance(lhs, rhs, countingTranspositions: true)
    }

    /// The Levenshtein distance: insertions, deletions and substitutions each cost 1, so a transposition costs 2.
    static func levenshtein(_ lhs: String, _ rhs: String) -> Int {
        distance(lhs, rhs, countingTranspositions: false)
    }

    private static func distance(_ lhs: String, _ rhs: String, countingTranspositions: Bool) -> Int {
        let source = Array(lhs)
        let target = Array(rhs)
        if source.isEmpty { return target.count }
        if target.isEmpty { return source.count }
        // Three rows suffice: the transposition step looks two rows back.
        var previousPrevious = [Int](repeating: 0, count: target.count + 1)
        var previous = Array(0...target.count)
        var current = [Int](repeating: 0, count: target.count + 1)
        for row in 1...source.count {
            current[0] = row
            for column in 1...target.count {
                let cost = source[row - 1] == target[column - 1] ? 0 : 1
                current[column] = min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + cost)
                if countingTranspositions, row > 1, column > 1, source[row - 1] == target[column - 2],
                    source[row - 2] == target[column - 1]
                {
                    current[column] = min(current[column], previousPrevious[column - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[target.count]
    }
}
