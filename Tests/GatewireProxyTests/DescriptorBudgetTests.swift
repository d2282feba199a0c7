import Testing

@testable import GatewireProxy

@Suite struct DescriptorBudgetTests {
    @Test("two descriptors per client, after those open and the reserve; never below one client")
    func budget() {
        #expect(DescriptorBudget.budget(limit: 1024, open: 20, reserve: 32).maxClients == 486)
        #expect(DescriptorBudget.budget(limit: 64, open: 20, reserve: 32).maxClients == 6)
        #expect(DescriptorBudget.budget(limit: 40, open: 20, reserve: 32).maxClients == 1)
    }

    @Test("this process's budget is read from its own limit")
    func current() {
        #expect(DescriptorBudget.current(reserve: 32).maxClients >= 1)
    }
}
