// Benchmarks of Seams' stages, one core, best of several runs; each prints JSON lines.
//
//   seams-bench parse FEED...      parse and text extraction throughput
//   seams-bench sketch TEXTS       raw text → normalized tokens → 5-shingles → MinHash signature (one document a line)
//   seams-bench index N            the store's LSH band index in SQLite with N articles: insert, lookup p50/p99, bytes
import Foundation

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// The fastest of `runs` timings of `work`, so that noise from other processes counts least.
func best(runs: Int, _ work: () throws -> Void) rethrows -> Double {
    var fastest = Double.infinity
    for _ in 0..<runs {
        let started = ContinuousClock.now
        try work()
        fastest = min(fastest, seconds(ContinuousClock.now - started))
    }
    return fastest
}

func printJSON(_ object: [String: Any]) {
    let json = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    print(String(decoding: json, as: UTF8.self))
}

let runs = Int(ProcessInfo.processInfo.environment["SEAMS_BENCH_RUNS"] ?? "5") ?? 5
var arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.isEmpty ? "" : arguments.removeFirst()
do {
    switch mode {
    case "parse": try parseBenchmark(arguments, runs: runs)
    case "sketch": try sketchBenchmark(arguments[0], runs: runs)
    case "index":
        try indexBenchmark(
            articles: Int(arguments[0]) ?? 100_000,
            folder: arguments.count > 1 ? arguments[1] : NSTemporaryDirectory()
        )
    default:
        FileHandle.standardError.write(
            Data("usage: seams-bench parse FEED... | sketch TEXTS | index N [FOLDER]\n".utf8)
        )
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("seams-bench: \(error)\n".utf8))
    exit(1)
}
