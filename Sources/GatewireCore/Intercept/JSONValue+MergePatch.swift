extension JSONValue {
    /// This value with a JSON merge patch applied (RFC 7386 §2).
    ///
    /// A patch that is not an object replaces the value. An object patch turns a target that is not an object into
    /// `{}` first, then, member by member: `null` removes the key, anything else replaces or adds the member with the
    /// patch merged into it. Members keep their order; new ones are appended. When the target repeats a key, the
    /// last occurrence (the one `member(_:)` reads) is the one merged into, and `null` removes them all.
    func mergingPatch(_ patch: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var members: [Member]
        if case .object(let targetMembers) = self { members = targetMembers } else { members = [] }
        for patchMember in patchMembers {
            if patchMember.value == .null {
                members.removeAll { $0.key == patchMember.key }
            } else if let index = members.lastIndex(where: { $0.key == patchMember.key }) {
                members[index].value = members[index].value.mergingPatch(patchMember.value)
            } else {
                // RFC 7386: an absent member merges the patch into nothing, which drops the patch's nulls.
                members.append(Member(key: patchMember.key, value: JSONValue.null.mergingPatch(patchMember.value)))
            }
        }
        return .object(members)
    }
}
