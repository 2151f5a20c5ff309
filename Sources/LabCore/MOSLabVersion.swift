/// The MOSLab release that produced a file. Shard manifests carry it so `moslab merge` refuses to combine shards
/// made by different releases (their numbers could differ); bump it with every release that may change outputs.
public enum MOSLabVersion {
    public static let current = "0.16.0"
}
