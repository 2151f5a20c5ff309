import AudioIO
import Foundation
import LabCore

enum TestSupport {
    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/").map(String.init)
        parts.removeLast(3)
        return "/" + parts.joined(separator: "/")
    }()

    static let corpusClip = repositoryRoot + "/Corpus/nb/nb01-directory.wav"
    static let corpusClip2 = repositoryRoot + "/Corpus/nb/nb02-conference.wav"

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "moslab-test-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
}
