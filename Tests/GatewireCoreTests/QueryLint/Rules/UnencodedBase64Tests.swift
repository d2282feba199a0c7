import GatewireCore
import Testing

@Suite struct UnencodedBase64Tests {
    @Test(
        "a base64 token with raw + is corrupted by decoding",
        arguments: [
            "token=R1kmxc2VNjM+FIA/Ab9x==", "auth=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx+MjM0In0.sig/Abc+def",
        ])
    func plusFires(query: String) throws {
        let finding = try #require(try lintQuery(query, code: UnencodedBase64.code).first)
        #expect(finding.severity == .warning)
        #expect(finding.decoded?.contains(" ") == true)
        #expect(finding.fix?.contains("%2B") == true)
    }

    @Test("raw / and = survive decoding: informational")
    func slashAndPadding() throws {
        let finding = try #require(try lintQuery("token=R1kmxc2VNjMCFIA/Ab9xQ==", code: UnencodedBase64.code).first)
        #expect(finding.severity == .info)
        #expect(finding.fix?.hasPrefix("Send `R1kmxc2VNjMCFIA%2FAb9xQ%3D%3D`") == true)
    }

    @Test("the rfc3986 policy keeps +, so the token survives")
    func rfc3986() throws {
        let finding = try #require(
            try lintQuery("token=R1kmxc2VNjM+FIA/Ab9x==", code: UnencodedBase64.code, policy: .rfc3986).first
        )
        #expect(finding.severity == .info)
    }

    @Test(
        "encoded tokens, base64url, JWTs and ordinary values are fine",
        arguments: [
            "token=R1kmxc2VNjM%2BFIA%2FAb9x%3D%3D", "id=R1kmxc2VNjMCFIA-_b9x",
            "auth=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig_Ab",
            "path=a/b/c/d/e/f/g/h/i", "sort=-+createdAt", "t=35354-2024-08-01T19:37:55.612063+00:00",
        ])
    func clean(query: String) throws {
        #expect(try lintQuery(query, code: UnencodedBase64.code).isEmpty)
    }
}
