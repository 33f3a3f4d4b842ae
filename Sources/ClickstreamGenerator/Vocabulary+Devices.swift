import ClickstreamModel

/// A browser on an operating system on a device class, with a real-looking user agent.
struct Client: Sendable {
    let device: DeviceType
    let os: StaticString
    let browser: StaticString
    let userAgent: StaticString
    /// Share among clients of the same device class.
    let weight: Double
}

extension Vocabulary {
    static let clients: [Client] = [
        Client(
            device: .mobile, os: "iOS", browser: "Safari",
            userAgent:
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            weight: 0.40),
        Client(
            device: .mobile, os: "Android", browser: "Chrome",
            userAgent:
                "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Mobile Safari/537.36",
            weight: 0.42),
        Client(
            device: .mobile, os: "Android", browser: "Samsung Internet",
            userAgent:
                "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
            weight: 0.10),
        Client(
            device: .mobile, os: "iOS", browser: "Chrome",
            userAgent:
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/125.0.6422.80 Mobile/15E148 Safari/604.1",
            weight: 0.08),
        Client(
            device: .desktop, os: "Windows", browser: "Chrome",
            userAgent:
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
            weight: 0.45),
        Client(
            device: .desktop, os: "Windows", browser: "Edge",
            userAgent:
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.2535.67",
            weight: 0.15),
        Client(
            device: .desktop, os: "macOS", browser: "Safari",
            userAgent:
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            weight: 0.14),
        Client(
            device: .desktop, os: "macOS", browser: "Chrome",
            userAgent:
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
            weight: 0.14),
        Client(
            device: .desktop, os: "Windows", browser: "Firefox",
            userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0", weight: 0.07),
        Client(
            device: .desktop, os: "Linux", browser: "Firefox",
            userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0", weight: 0.05),
        Client(
            device: .tablet, os: "iPadOS", browser: "Safari",
            userAgent:
                "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            weight: 0.65),
        Client(
            device: .tablet, os: "Android", browser: "Chrome",
            userAgent:
                "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Safari/537.36",
            weight: 0.35),
    ]

    /// `device_info` strings, one per client: "mobile / iOS / Safari".
    static let deviceInfos: [StaticString] = [
        "mobile / iOS 17.5 / Safari", "mobile / Android 14 / Chrome", "mobile / Android 14 / Samsung Internet",
        "mobile / iOS 17.5 / Chrome", "desktop / Windows 10 / Chrome", "desktop / Windows 10 / Edge",
        "desktop / macOS 14 / Safari", "desktop / macOS 14 / Chrome", "desktop / Windows 10 / Firefox",
        "desktop / Linux / Firefox", "tablet / iPadOS 17.5 / Safari", "tablet / Android 13 / Chrome",
    ]

    /// External referrers of a session's landing page, by traffic source.
    static let searchReferrers: [StaticString] = [
        "https://www.google.com/", "https://www.google.com/", "https://www.google.com/", "https://www.bing.com/",
        "https://duckduckgo.com/",
    ]
    static let socialReferrers: [StaticString] = [
        "https://www.facebook.com/", "https://www.instagram.com/", "https://t.co/", "https://www.pinterest.com/",
        "https://www.tiktok.com/", "https://www.reddit.com/",
    ]
    static let referralReferrers: [StaticString] = [
        "https://www.wirecutter.com/", "https://www.reddit.com/", "https://www.youtube.com/",
        "https://www.slickdeals.net/",
    ]
    static let campaigns: [StaticString] = [
        "spring_sale", "summer_sale", "back_to_school", "black_friday", "holiday_gifts", "new_arrivals",
        "brand_always_on", "retargeting_7d",
    ]
}
