import Testing
@testable import InsightServer

/// The date checks of polling stay within their share of a database core.
@Suite struct DateScanPacingTests {
    let start = ContinuousClock.now

    @Test func theFirstPollChecksDates() {
        #expect(DateScanPacing(share: 0.02).isDue(at: start))
    }

    @Test func aCheckWaitsItsCostTimesTheInverseShareMinusOne() {
        var pacing = DateScanPacing(share: 0.02)
        let end = start + .milliseconds(10)
        pacing.checked(from: start, to: end)  // 10 ms of work: 2% means 490 ms of rest
        #expect(!pacing.isDue(at: end))
        #expect(!pacing.isDue(at: end + .milliseconds(489)))
        #expect(pacing.isDue(at: end + .milliseconds(490)))
    }

    @Test func shareOneChecksAtEveryPollAndZeroNever() {
        var every = DateScanPacing(share: 1)
        every.checked(from: start, to: start + .milliseconds(80))
        #expect(every.isDue(at: start + .milliseconds(80)))

        var never = DateScanPacing(share: 0)
        #expect(!never.isDue(at: start))
        never.checked(from: start, to: start + .milliseconds(1))
        #expect(!never.isDue(at: start + .seconds(3600)))
    }

    @Test func aCheapCheckWithAnIndexRunsAtAlmostEveryPoll() {
        var pacing = DateScanPacing(share: 0.02)
        pacing.checked(from: start, to: start + .microseconds(500))  // an index range scan
        #expect(pacing.isDue(at: start + .milliseconds(250)))   // the next 250 ms poll
    }
}
