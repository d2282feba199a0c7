import GatewireCore
import Testing

@Suite struct QueryStringTests {
    @Test("parameters keep their raw bytes, the = flag, and their position")
    func rawParameters() {
        let query = QueryString("a=1+2%2B&flag&c==d&%3D=%26")
        #expect(query.parameters.map(\.rawName) == ["a", "flag", "c", "%3D"])
        #expect(query.parameters.map(\.rawValue) == ["1+2%2B", "", "=d", "%26"])
        #expect(query.parameters.map(\.hasEqualsSign) == [true, false, true, true])
        #expect(query.parameters.map(\.index) == [0, 1, 2, 3])
        #expect(query.parameters.map(\.offset) == [0, 9, 14, 19])
        #expect(query.emptySegmentOffsets.isEmpty)
    }

    @Test(
        "joining the raw segments gives back the exact query: nothing is re-encoded",
        arguments: [
            "serviceName=boundaryAreaOverlap&cacheKey=35354-2024-08-01T19:37:55.612063+00:00&fromClient=true",
            "cacheKey=35354-2024-08-01T19%3A37%3A55.612063%2B00%3A", "serviceName%3DkelpPersist%26cacheKey%3Dblord",
            "q=caf%c3%a9&r=café&s=%zz&t", "x=%252B&y=a b",
        ]
    )
    func roundTrip(raw: String) {
        let query = QueryString(raw)
        #expect(query.raw == raw)
        #expect(query.parameters.map(\.rawSegment).joined(separator: "&") == raw)
    }

    @Test("empty segments carry no parameter and are remembered by offset")
    func emptySegments() {
        let query = QueryString("&a=1&&b=2&")
        #expect(query.parameters.map(\.rawName) == ["a", "b"])
        #expect(query.emptySegmentOffsets == [0, 5, 10])
    }

    @Test("an empty query has neither parameters nor empty segments")
    func emptyQuery() {
        let query = QueryString("")
        #expect(query.parameters.isEmpty)
        #expect(query.emptySegmentOffsets.isEmpty)
    }

    @Test("parameters can be looked up by decoded name")
    func lookUp() {
        let query = QueryString("cache%4Bey=1&cacheKey=2&other=3")
        #expect(query.parameters(named: "cacheKey").map(\.rawValue) == ["1", "2"])
    }

    @Test("the seed URL that encoded the whole query has one parameter, named after the whole query")
    func wholeQueryEncoded() {
        let decoded = QueryString("serviceName%3DkelpPersist%26cacheKey%3Dblord").decoded()
        #expect(decoded.queryStringParameters == ["serviceName=kelpPersist&cacheKey=blord": ""])
    }
}
