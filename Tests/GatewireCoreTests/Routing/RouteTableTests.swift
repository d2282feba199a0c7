import GatewireCore
import Testing

@Suite struct RouteTableTests {
    @Test("lifecycle routes are never selectable")
    func lifecycle() {
        let table = RouteTable(routeKeys: ["$connect", "$disconnect", "$default", "join"])
        #expect(table.selectableKeys == ["$default", "join"])
        #expect(!table.selects("$connect"))
        #expect(!table.selects("$disconnect"))
        #expect(table.selects("join"))
        #expect(!table.selects("Join"))
        #expect(table.hasDefault)
    }

    @Test("deployed keys are live and the rest of the configured keys are undeployed")
    func deployed() {
        let table = RouteTable(
            configuration: RouteConfiguration(
                expression: nil, routeKeys: ["$default", "join", "leave"], deployedRouteKeys: ["join", "extra"]
            )
        )
        #expect(table.routeKeys == ["join", "extra"])
        #expect(table.undeployedRouteKeys == ["$default", "leave"])
        #expect(!table.hasDefault)
    }

    @Test("without deployed keys every configured key is live")
    func configuredOnly() {
        let table = RouteTable(configuration: RouteConfiguration(expression: nil, routeKeys: ["join", "$default"]))
        #expect(table.routeKeys == ["join", "$default"])
        #expect(table.undeployedRouteKeys.isEmpty)
        #expect(table.hasDefault)
    }

    @Test("a key that is live is never also undeployed")
    func overlap() {
        let table = RouteTable(routeKeys: ["join"], undeployedRouteKeys: ["join", "leave"])
        #expect(table.undeployedRouteKeys == ["leave"])
    }
}
