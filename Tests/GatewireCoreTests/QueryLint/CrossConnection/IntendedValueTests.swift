import GatewireCore
import Testing

@Suite struct IntendedValueTests {
    @Test(
        "reads each value as meant (fully decoded, + literal) and as the gateway decodes it",
        arguments: [
            ("a+b", "a+b", "a b", 3),
            ("a%2Bb", "a+b", "a+b", 3),
            ("19%253A37", "19:37", "19%3A37", 5),
            ("x%25252By", "x+y", "x%252By", 3),
            ("50%25off", "50%off", "50%off", 6),
            ("%zz", "%zz", "%zz", 3),
        ]
    )
    func reads(raw: String, intended: String, gateway: String, units: Int) {
        let value = IntendedValue(raw: raw, policy: .gateway)
        #expect(value.gatewayText == gateway)
        #expect(value.units.count == units)
        #expect(value.intendedText == intended)
    }

    @Test("under rfc3986 a raw + reaches the backend as +")
    func rfc3986() {
        #expect(IntendedValue(raw: "a+b", policy: .rfc3986).gatewayText == "a+b")
    }

    @Test(
        "a value ending inside an escape is marked cut, and the cut escape is not compared",
        arguments: [
            ("19%3A3%", true, "19:3"), ("19%3A3%3", true, "19:3"), ("19%3A3", false, "19:3"), ("100%", true, "100"),
        ])
    func cut(raw: String, isCut: Bool, comparable: String) {
        let value = IntendedValue(raw: raw, policy: .gateway)
        #expect(value.endsInsideEscape == isCut)
        #expect(String(decoding: value.comparableUnits.map(\.intended), as: UTF8.self) == comparable)
    }
}
