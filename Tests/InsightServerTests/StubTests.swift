import Testing
import HummingbirdTesting
@testable import InsightServer
