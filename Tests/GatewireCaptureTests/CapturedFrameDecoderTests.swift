import GatewireCore
import NIOCore
import NIOEmbedded
import Testing

@testable import GatewireCapture

@Suite struct CapturedFrameDecoderTests {
    @Test("a frame decoder is freed with its channel, pipeline and handlers once it is dropped, errors or not")
    func freedWhenDropped() throws {
        weak var afterFrames: EmbeddedChannel?
        weak var afterError: EmbeddedChannel?
        weak var pipeline: ChannelPipeline?
        weak var loop: EmbeddedEventLoop?
        do {
            let decoder = CapturedFrameDecoder(maxFrameSize: 1024)
            afterFrames = decoder.channel
            pipeline = decoder.channel.pipeline
            loop = decoder.channel.embeddedEventLoop
            try decoder.feed(decoder.allocator.buffer(bytes: FrameBytes.serverText("hello")))
            #expect(decoder.takeFrames().count == 1)
        }
        do {
            let decoder = CapturedFrameDecoder(maxFrameSize: 4)
            afterError = decoder.channel
            #expect(throws: (any Error).self) {
                try decoder.feed(decoder.allocator.buffer(bytes: FrameBytes.serverText("too long for the limit")))
            }
            decoder.finish()
        }
        #expect(afterFrames == nil)
        #expect(afterError == nil)
        // The teardown closing schedules holds the pipeline through the loop until it runs.
        #expect(pipeline == nil)
        #expect(loop == nil)
    }
}
