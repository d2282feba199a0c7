import Foundation
import GatewireCore
import GatewireProxy
import GatewireTestSupport
import Testing

/// TLS on both sides of the proxy, against Python `websockets` peers using Python's `ssl` module (OpenSSL): a wss
/// upstream verified against a given CA with the right SNI, refused when not trusted, accepted with `insecure`;
/// and wss served to clients with `listenerTLS`.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProxyTLSTests {
    private func json(_ steps: [[String: Any]]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
    }

    /// The upstream peer serving wss with a fresh test certificate, and the endpoint the proxy reaches it by: the
    /// host name `localhost`, which the certificate names and the proxy asks for by SNI.
    private struct TLSUpstream {
        let certificates: TestCertificates
        let peer: ChildProcess
        let endpoint: UpstreamEndpoint

        static func start() async throws -> TLSUpstream {
            let certificates = try await TestCertificates()
            do {
                let (peer, port) = try await PeerProcess.startServer(
                    "upstream.py", ["--tls-cert", certificates.certificate, "--tls-key", certificates.privateKey])
                return TLSUpstream(
                    certificates: certificates, peer: peer,
                    endpoint: UpstreamEndpoint(secure: true, host: "localhost", port: port))
            } catch {
                certificates.remove()
                throw error
            }
        }

        /// Stops the peer, then removes the certificates.
        func stop() {
            peer.kill()
            certificates.remove()
        }
    }

    /// What the upstream saw for `__request__`.
    private func requestReport(_ result: [String: Any]) throws -> [String: Any] {
        let received = try #require(result["received"] as? [[String: Any]])
        let report = try #require((received.last?["text"] as? [String])?.first)
        return try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
    }

    @Test("a wss upstream is verified against --ca and is asked for its host name by SNI")
    func upstreamTrustedByAuthority() async throws {
        let upstream = try await TLSUpstream.start()
        defer { upstream.stop() }
        let proxy = try await ProxyHarness(upstream: upstream.endpoint) {
            $0.upstreamTLS = .init(caFile: upstream.certificates.authority)
        }
        let result = try await PeerProcess.runClient(
            "client.py",
            [
                proxy.url + "/prod?k=v",
                json([["text": "over tls"], ["recv": 1], ["text": "__request__"], ["recv": 1], ["close": 1000]]),
            ])
        #expect(result["status"] as? Int == 101)
        let received = try #require(result["received"] as? [[String: Any]])
        #expect(received.first?["text"] as? [String] == ["over tls"])
        let request = try requestReport(result)
        #expect(request["sni"] as? String == "localhost")
        #expect(request["path"] as? String == "/prod?k=v")
        let connect = try #require(await proxy.waitForEvent { $0.connectEvent != nil }?.connectEvent)
        #expect(connect.status == 101)
        await proxy.stop()
    }

    @Test("an untrusted wss upstream certificate gives the client 502 and an error event that says why")
    func untrustedUpstreamIsRefused() async throws {
        let upstream = try await TLSUpstream.start()
        defer { upstream.stop() }
        let proxy = try await ProxyHarness(upstream: upstream.endpoint)
        let result = try await PeerProcess.runClient("client.py", [proxy.url + "/prod", json([])])
        #expect(result["status"] as? Int == 502)
        let connect = try #require(await proxy.waitForEvent { $0.connectEvent != nil }?.connectEvent)
        #expect(connect.status == 502)
        let error = try #require(
            await proxy.waitForEvent { $0.errorCode != nil }.flatMap { event -> ErrorEvent? in
                if case .error(let error) = event { return error }
                return nil
            })
        #expect(error.message.lowercased().contains("certificate"), "\(error.message)")
        await proxy.stop()
    }

    @Test("insecure skips verification of the upstream's certificate")
    func insecureUpstream() async throws {
        let upstream = try await TLSUpstream.start()
        defer { upstream.stop() }
        let proxy = try await ProxyHarness(upstream: upstream.endpoint) { $0.upstreamTLS = .init(insecure: true) }
        let result = try await PeerProcess.runClient(
            "client.py", [proxy.url + "/", json([["text": "__request__"], ["recv": 1], ["close": 1000]])])
        #expect(result["status"] as? Int == 101)
        #expect(try requestReport(result)["sni"] as? String == "localhost")
        await proxy.stop()
    }

    @Test("listener TLS serves wss to a client that trusts the certificate, in front of a plain ws upstream")
    func listenerTLS() async throws {
        let certificates = try await TestCertificates()
        defer { certificates.remove() }
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort) {
            $0.listenerTLS = .init(certificateFile: certificates.certificate, privateKeyFile: certificates.privateKey)
        }
        let result = try await PeerProcess.runClient(
            "client.py",
            [
                "wss://localhost:\(proxy.port)/prod",
                json([["text": "secure hello"], ["recv": 1], ["close": 1000]]),
                "--cafile", certificates.authority,
            ])
        #expect(result["status"] as? Int == 101)
        let received = try #require(result["received"] as? [[String: Any]])
        #expect(received.first?["text"] as? [String] == ["secure hello"])
        #expect(result["close_code"] as? Int == 1000)
        let message = await proxy.waitForEvent { $0.messageEvent != nil }?.messageEvent
        #expect(message?.text == "secure hello")
        await proxy.stop()
    }
}
