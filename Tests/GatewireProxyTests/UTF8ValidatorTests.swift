import Testing

@testable import GatewireProxy

@Suite struct UTF8ValidatorTests {
    @Test(
        "accepts exactly RFC 3629 UTF-8",
        arguments: [
            ([0x61], true), ([0xC3, 0xA9], true), ([0xE2, 0x82, 0xAC], true), ([0xF0, 0x9F, 0x98, 0x80], true),
            ([0xC0, 0xAF], false), ([0xE0, 0x80, 0xAF], false), ([0xED, 0xA0, 0x80], false),
            ([0xF4, 0x90, 0x80, 0x80], false), ([0xFF], false), ([0x80], false),
        ] as [([UInt8], Bool)])
    func sequences(bytes: [UInt8], valid: Bool) {
        var validator = UTF8Validator()
        let accepted = validator.feed(bytes)
        #expect((accepted && validator.isComplete) == valid)
    }

    @Test("a scalar split across feeds is still valid")
    func split() {
        var validator = UTF8Validator()
        let first = validator.feed([0xF0, 0x9F])
        #expect(first && !validator.isComplete)
        let second = validator.feed([0x98, 0x80])
        #expect(second && validator.isComplete)
    }
}
