public import NIOSSL

extension ProxyConfiguration.UpstreamTLS {
    /// The client TLS context these settings describe: the system trust store (or `--ca`) with full certificate
    /// and host-name verification unless `--insecure`; shared by the proxy's upstreams and client-side replay.
    public func makeContext() throws -> NIOSSLContext { try UpstreamConnector.makeTLSContext(self) }
}
