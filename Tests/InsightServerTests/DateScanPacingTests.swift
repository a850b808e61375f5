import Testing
@testable import InsightServer
@testable import InsightServerPostgres

/// The date checks of polling stay within their share of a database core.
@Suite struct DateScanPacingTests {
    let start = ContinuousClock.now

    @Test func theFirstPollChecksDates() {
        #expect(DateScanPacing(share: 0.02).isDue(at: start))
    }

    @Test func aCheckWaitsItsCostTimesTheInverseShareMinusOne() {
        var pacing = DateScanPacing(share: 0.02)
        let end = start + .milliseconds(10)
        pacing.checked(taking: .milliseconds(10), endingAt: end)  // 10 ms of work: 2% means 490 ms of rest
        #expect(!pacing.isDue(at: end))
        #expect(!pacing.isDue(at: end + .milliseconds(489)))
        #expect(pacing.isDue(at: end + .milliseconds(490)))
    }

    @Test func shareOneChecksAtEveryPollAndZeroNever() {
        var every = DateScanPacing(share: 1)
        every.checked(taking: .milliseconds(80), endingAt: start + .milliseconds(80))
        #expect(every.isDue(at: start + .milliseconds(80)))

        var never = DateScanPacing(share: 0)
        #expect(!never.isDue(at: start))
        never.checked(taking: .milliseconds(1), endingAt: start + .milliseconds(1))
        #expect(!never.isDue(at: start + .seconds(3600)))
    }

    @Test func aCheapCheckWithAnIndexRunsAtAlmostEveryPoll() {
        var pacing = DateScanPacing(share: 0.02)
        pacing.checked(taking: .microseconds(500), endingAt: start + .microseconds(500))  // index range scans
        #expect(pacing.isDue(at: start + .milliseconds(250)))   // the next 250 ms poll
    }
}
