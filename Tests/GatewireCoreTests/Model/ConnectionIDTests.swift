import GatewireCore
import Testing

@Suite struct ConnectionIDTests {
    @Test("ids made from 11 bytes have the gateway's shape")
    func shape() {
        let id = ConnectionID(bytes: [0x47, 0x59, 0x26, 0xC5, 0xCD, 0x95, 0x36, 0x33, 0x02, 0x14, 0x80])
        #expect(id.rawValue == "R1kmxc2VNjMCFIA=")
        #expect(id.isGatewayShaped)
    }

    @Test("texts of another shape are recognised", arguments: ["abc", "R1kmxc2VNjMCFIA", "R1kmxc2VNjMCF+A="])
    func otherShapes(text: String) {
        #expect(!ConnectionID(rawValue: text).isGatewayShaped)
    }
}
