/// Scores compared at twelve significant digits, as the reference workload ranks them.
///
/// The bench's `peers.py` ranks by `float(f"{x:.12g}")` so that scores equal in exact arithmetic
/// but computed in a different order tie and fall to the id rule. ``key12(_:)`` maps a score to an
/// integer that orders exactly like that rounded value: the correctly rounded (half-to-even) 12-digit
/// decimal mantissa and exponent, computed exactly with 128-bit integer arithmetic for
/// 1e-16 <= |x| < 1e12 (scores live there), and by floating point outside that range.
public enum SignificantDigits {
    /// Orders like `round12(x)`; NaN gives `Int64.min` (ranks last).
    public static func key12(_ x: Double) -> Int64 {
        if x.isNaN { return .min }
        if x == 0 { return 0 }
        if x.isInfinite { return x > 0 ? .max : .min + 1 }
        let (m, e) = digits12(abs(x))
        let key = Int64(e + 400) * 1_000_000_000_000 + Int64(m)
        return x > 0 ? key : -key
    }

    /// `(m, e)` with 10^11 <= m < 10^12 and `m × 10^(e-11)` the value `%.12g` prints for `x > 0`.
    public static func digits12(_ x: Double) -> (mantissa: UInt64, exponent: Int) {
        var e = Int((Double(Int(x.exponent)) * 0.301_029_995_663_981_2).rounded(.down))
        var m = scaledRounded(x, power: 11 - e)
        if m >= 1_000_000_000_000 {
            e += 1
            m = scaledRounded(x, power: 11 - e)
        } else if m < 100_000_000_000 {
            e -= 1
            m = scaledRounded(x, power: 11 - e)
        }
        return (m, e)
    }

    private static let powersOfFive: [UInt64] = {
        var p: [UInt64] = [1]
        for _ in 1...27 { p.append(p.last! * 5) }
        return p
    }()

    /// `x × 10^power` rounded half to even (x > 0); saturates at `UInt64.max`.
    static func scaledRounded(_ x: Double, power p: Int) -> UInt64 {
        guard p >= 0, p <= 27, x.isNormal else { return approximateScaled(x, power: p) }
        // x = M × 2^E exactly; x × 10^p = (M × 5^p) × 2^(E + p).
        let significand = x.significandBitPattern | (1 << 52)
        let shift = Int(x.exponent) - 52 + p
        let (hi, lo) = significand.multipliedFullWidth(by: powersOfFive[p])
        if shift >= 0 {
            if hi != 0 || shift >= 64 || lo > (UInt64.max >> UInt64(shift)) { return .max }
            return lo << UInt64(shift)
        }
        let s = -shift
        if s >= 128 { return 0 }
        var quotientHi: UInt64, quotientLo: UInt64
        var remHi: UInt64, remLo: UInt64, halfHi: UInt64, halfLo: UInt64
        if s < 64 {
            quotientLo = (lo >> UInt64(s)) | (hi << UInt64(64 - s))
            quotientHi = hi >> UInt64(s)
            remHi = 0
            remLo = lo & ((1 << UInt64(s)) - 1)
            halfHi = 0
            halfLo = 1 << UInt64(s - 1)
        } else {
            let t = s - 64
            quotientLo = t == 0 ? hi : hi >> UInt64(t)
            quotientHi = 0
            remHi = t == 0 ? 0 : hi & ((1 << UInt64(t)) - 1)
            remLo = lo
            if t == 0 {
                halfHi = 0
                halfLo = 1 << 63
            } else {
                halfHi = 1 << UInt64(t - 1)
                halfLo = 0
            }
        }
        if quotientHi != 0 { return .max }
        let above = remHi != halfHi ? remHi > halfHi : remLo > halfLo
        let equal = remHi == halfHi && remLo == halfLo
        if above || (equal && quotientLo & 1 == 1) { quotientLo += 1 }
        return quotientLo
    }

    /// Floating-point fallback outside the exact range (subnormals, |x| < 1e-16 or >= 1e12).
    private static func approximateScaled(_ x: Double, power p: Int) -> UInt64 {
        var value = x
        if p >= 0 { for _ in 0..<p { value *= 10 } } else { for _ in 0..<(-p) { value /= 10 } }
        let rounded = value.rounded(.toNearestOrEven)
        return rounded >= 1.8e19 ? .max : UInt64(rounded)
    }
}
