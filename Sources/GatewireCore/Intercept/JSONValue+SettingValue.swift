extension JSONValue {
    /// Sets the value at `path`, creating missing object members on the way (as empty objects, or the value at the
    /// last step). An empty path replaces the whole value.
    ///
    /// - Throws: `MessageRewriteError` when a step meets a value of the wrong kind, a missing member is to be
    ///   indexed, or an index is out of range (arrays are never extended). The value is left unspecified then:
    ///   callers work on a copy they discard.
    mutating func setValue(_ newValue: JSONValue, at path: BodyPath) throws(MessageRewriteError) {
        try setValue(newValue, at: path.segments[...], walked: BodyPath(segments: []))
    }

    private mutating func setValue(
        _ newValue: JSONValue, at segments: ArraySlice<BodyPath.Segment>, walked: BodyPath
    ) throws(MessageRewriteError) {
        guard let segment = segments.first else {
            self = newValue
            return
        }
        let rest = segments.dropFirst()
        var next = walked
        next.segments.append(segment)
        switch segment {
        case .key(let key):
            guard case .object(var members) = self else {
                throw .notAnObject(path: walked.jsonPathText, found: kindDescription)
            }
            if let index = members.lastIndex(where: { $0.key == key }) {
                // Taking the member out first lets the nested set modify it in place.
                var member = members[index].value
                members[index].value = .null
                self = .null
                try member.setValue(newValue, at: rest, walked: next)
                members[index].value = member
            } else {
                guard rest.isEmpty || rest.first.map(\.isKey) == true else {
                    throw .notAnArray(path: next.jsonPathText, found: "missing")
                }
                var member = JSONValue.object([])
                try member.setValue(newValue, at: rest, walked: next)
                members.append(Member(key: key, value: member))
            }
            self = .object(members)
        case .index(let index):
            guard case .array(var elements) = self else {
                throw .notAnArray(path: walked.jsonPathText, found: kindDescription)
            }
            let position = index < 0 ? elements.count + index : index
            guard elements.indices.contains(position) else {
                throw .indexOutOfRange(path: walked.jsonPathText, index: index, count: elements.count)
            }
            var element = elements[position]
            elements[position] = .null
            self = .null
            try element.setValue(newValue, at: rest, walked: next)
            elements[position] = element
            self = .array(elements)
        }
    }
}

extension BodyPath.Segment {
    /// Whether the segment reads an object member.
    fileprivate var isKey: Bool {
        if case .key = self { return true }
        return false
    }
}
