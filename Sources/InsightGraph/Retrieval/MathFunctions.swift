// The C library's log and exp2 (the standard library has none, and InsightGraph does not use
// Foundation). Wrapped so no other file imports the platform module.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) func naturalLog(_ x: Double) -> Double { log(x) }
@inline(__always) func powerOfTwo(_ x: Double) -> Double { exp2(x) }
