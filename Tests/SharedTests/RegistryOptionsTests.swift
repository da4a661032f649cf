import ArgumentParser
import Shared
import Testing

@Suite struct RegistryOptionsTests {
    @Test func flagsBecomeProxyOptions() throws {
        let parsed = try RegistryOptions.parse([
            "--authfile", "/a/auth.json", "--cert-dir", "/certs", "--insecure-skip-tls-verification",
        ])
        #expect(
            parsed.proxyOptions
                == ProxyOptions(authFile: "/a/auth.json", certDirectory: "/certs", insecureSkipTLSVerification: true))
        #expect(try RegistryOptions.parse([]).proxyOptions == ProxyOptions())
    }
}
