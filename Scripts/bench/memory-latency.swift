// Memory latency on this machine: a dependent pointer chase and independent random loads over
// arrays of 1 to 64 MB, nanoseconds per load. Why reading rows ahead helps (docs/benchmark-history.md):
//
//   swiftc -O Scripts/bench/memory-latency.swift -o /tmp/memory-latency && /tmp/memory-latency
import Foundation

func measure(megabytes: Int) {
    let lines = megabytes * 1024 * 1024 / 64
    var next = [Int](repeating: 0, count: lines * 8)  // one entry used per 64-byte line
    var order = Array(0..<lines)
    order.shuffle()
    for i in 0..<lines { next[order[i] * 8] = order[(i + 1) % lines] * 8 }
    let loads = 2_000_000
    var p = 0
    let t0 = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<loads { p = next[p] }  // each load's address is the last load's value
    let t1 = DispatchTime.now().uptimeNanoseconds
    let addresses = (0..<loads).map { _ in Int.random(in: 0..<lines) * 8 }
    var sum = 0
    let t2 = DispatchTime.now().uptimeNanoseconds
    for a in addresses { sum &+= next[a] }  // addresses known ahead: the loads overlap
    let t3 = DispatchTime.now().uptimeNanoseconds
    // The chase's end and the sum are printed so that neither loop can be optimised away.
    print("\(megabytes) MB: dependent \(Double(t1 - t0) / Double(loads)) ns, independent \(Double(t3 - t2) / Double(loads)) ns"
          + " (end \(p), sum \(sum))")
}

for megabytes in [1, 2, 4, 8, 16, 32, 64] { measure(megabytes: megabytes) }
