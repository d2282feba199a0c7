extension String {
    /// Whether the two strings hold the same UTF-8 bytes.
    ///
    /// `==` does not tell: it takes canonically equivalent text as equal (`é` as one scalar, or as `e` and a combining
    /// accent), while the bytes a message carried are what a recording keeps. Reusing something computed for one
    /// string for another needs this check too.
    func hasSameUTF8(as other: String) -> Bool {
        var left = self
        var right = other
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                leftBytes.count == rightBytes.count
                    && (leftBytes.baseAddress == rightBytes.baseAddress || leftBytes.elementsEqual(rightBytes))
            }
        }
    }
}

extension Sequence<String> {
    /// Whether one of the strings holds the same UTF-8 bytes as `text`: route keys are looked up this way, as the
    /// gateway matches them (see `String.hasSameUTF8(as:)`).
    func containsSameUTF8(as text: String) -> Bool {
        contains { $0.hasSameUTF8(as: text) }
    }
}
