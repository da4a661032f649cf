import Foundation

/// Reads `--config FILE`: an OCI image config's `config` object (or a whole image config, whose `config` is used).
public enum ContainerConfigFile {
    public static func read(_ path: String) throws -> ContainerConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToolError(.notFound, "cannot read config file \(path)")
        }
        if let whole = try? JSONDecoder().decode(ImageConfig.self, from: data), let config = whole.config {
            return config
        }
        do {
            return try JSONDecoder().decode(ContainerConfig.self, from: data)
        } catch {
            throw ToolError(.invalidArgument, "config file \(path) is not an OCI image config object: \(error)")
        }
    }
}

/// Reads `--contentmeta FILE`.
public enum ContentMetaFile {
    public static func read(_ path: String) throws -> ContentMeta {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToolError(.notFound, "cannot read content metadata file \(path)")
        }
        return try ContentMeta(json: Array(data))
    }
}
