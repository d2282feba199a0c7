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
