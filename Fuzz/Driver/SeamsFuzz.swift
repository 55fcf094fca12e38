import Foundation
import SeamsFuzzTargets

#if canImport(Glibc)
import Glibc
#endif

/// The target a libFuzzer build runs, named by `SEAMS_FUZZ_TARGET` (`Fuzz/run.sh` sets it).
let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["SEAMS_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        printError("seams-fuzz: set SEAMS_FUZZ_TARGET to one of: \(names)")
        exit(2)
    }
    return target
}()

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// libFuzzer's entry point: one input for the selected target.
@_cdecl("LLVMFuzzerTestOneInput")
package func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedTarget.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

#if FUZZING
/// libFuzzer's driver. SwiftPM links an executable's entry point as `main`, so libFuzzer's own `main` is not used; the
/// entry point below hands the command line to the driver instead.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The executable's entry point in a fuzzing build: libFuzzer, with the options and corpus folders of the command line.
@_cdecl("SeamsFuzz_main")
package func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    _ = selectedTarget  // reports a missing SEAMS_FUZZ_TARGET before libFuzzer starts
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}
#else
/// Without libFuzzer (a normal build), `seams-fuzz TARGET FILE…` replays inputs, such as a crasher a fuzz run saved.
@main
enum Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
            printError("usage: seams-fuzz \(names) FILE...")
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("seams-fuzz: cannot read \(path)")
                exit(1)
            }
            data.withUnsafeBytes { target.run($0) }
            print("\(target.rawValue) \(path): ok")
        }
    }
}
#endif
