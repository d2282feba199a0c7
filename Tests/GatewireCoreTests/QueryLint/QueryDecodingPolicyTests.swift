import GatewireCore
import Testing

@Suite struct QueryDecodingPolicyTests {
    @Test("named policies are found by name, ignoring case", arguments: ["gateway", "GATEWAY", "rfc3986", "Rfc3986"])
    func lookUp(name: String) throws {
        let policy = try #require(QueryDecodingPolicy(name: name))
        #expect(policy.name == name.lowercased())
    }

    @Test("unknown names give nil", arguments: ["", "form", "gateway "])
    func unknown(name: String) {
        #expect(QueryDecodingPolicy(name: name) == nil)
    }

    @Test("the default is listed first and says it is inferred from REST v1")
    func defaultPolicy() {
        #expect(QueryDecodingPolicy.names.first == "gateway")
        #expect(QueryDecodingPolicy.names == QueryDecodingPolicy.all.map(\.name))
        #expect(QueryDecodingPolicy.gateway.provenance.contains("inferred from REST v1"))
        #expect(QueryDecodingPolicy.gateway.plusAsSpace)
        #expect(!QueryDecodingPolicy.rfc3986.plusAsSpace)
    }

    @Test("duplicates: every value in the multi-value map, the last one in the single-value map")
    func duplicates() {
        let decoded = QueryString("path=one&path=two&path=three").decoded(policy: .gateway)
        #expect(decoded.multiValueQueryStringParameters["path"] == ["one", "two", "three"])
        #expect(decoded.queryStringParameters["path"] == "three")
    }

    @Test(
        "values decode as the policy says",
        arguments: [
            (QueryDecodingPolicy.gateway, "sort=-+createdAt", "sort", "- createdAt"),
            (.rfc3986, "sort=-+createdAt", "sort", "-+createdAt"),
            (.gateway, "t=12%3A00%2B02%3A00", "t", "12:00+02:00"),
            (.rfc3986, "t=12%3A00%2B02%3A00", "t", "12:00+02:00"),
            (.gateway, "a=%zz%2", "a", "%zz%2"),
            (.gateway, "flag", "flag", ""),
            (.gateway, "flag=", "flag", ""),
            (.gateway, "=orphan", "", "orphan"),
            (.gateway, "a+b=c", "a b", "c"),
            (.gateway, "q=caf%C3%A9", "q", "café"),
            (.gateway, "x=a=b", "x", "a=b"),
        ]
    )
    func decodes(policy: QueryDecodingPolicy, query: String, name: String, value: String) {
        let decoded = QueryString(query).decoded(policy: policy)
        #expect(decoded.queryStringParameters == [name: value])
        #expect(decoded.multiValueQueryStringParameters == [name: [value]])
    }

    @Test("an empty query decodes to empty maps")
    func empty() {
        #expect(QueryString("").decoded().isEmpty)
        #expect(QueryString("&&").decoded().isEmpty)
    }
}
