/// Embedded word lists. Every entry is a literal that needs no JSON escaping (checked by a
/// test), so encoders copy its bytes straight from the binary's read-only data.
public enum Vocabulary {}

extension Vocabulary {
    static let firstNames: [StaticString] = [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Christopher", "Karen",
        "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley", "Steven", "Emily",
        "Andrew", "Michelle", "Joshua", "Amanda", "Kevin", "Melissa", "Brian", "Stephanie", "Ryan", "Laura",
        "Jacob", "Olivia", "Noah", "Emma", "Liam", "Sophia", "Lucas", "Mia", "Mateo", "Isabella",
        "Lukas", "Hannah", "Leon", "Lea", "Hugo", "Chloe", "Louis", "Camille", "Marco", "Giulia",
        "Pablo", "Lucia", "Sven", "Astrid", "Yuki", "Haruto", "Wei", "Mei", "Arjun", "Priya",
        "Rahul", "Ananya", "Carlos", "Ana", "Joao", "Beatriz", "Omar", "Fatima", "Ethan", "Ava",
    ]

    static let lastNames: [StaticString] = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
        "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
        "Mueller", "Schmidt", "Schneider", "Fischer", "Dubois", "Moreau", "Rossi", "Russo", "Fernandez", "Silva",
        "Santos", "Jensen", "Larsen", "Tanaka", "Suzuki", "Wang", "Li", "Patel", "Sharma", "Kowalski",
    ]

    static let emailDomains: [StaticString] = [
        "gmail.com", "gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "hotmail.com",
        "icloud.com", "icloud.com", "aol.com", "proton.me", "gmx.de", "web.de", "orange.fr", "libero.it",
    ]

    /// JSON `gender`; weights in `WorldConfig.genderWeights` order.
    static let genders: [StaticString] = ["female", "male", "non_binary", "prefer_not_to_say"]

    static let acquisitionChannels: [StaticString] = [
        "organic_search", "paid_search", "direct", "social", "email", "referral", "affiliate", "display",
    ]
    /// Rough share of new customers per channel (see docs/realism.md).
    static let acquisitionWeights: [Double] = [0.33, 0.18, 0.20, 0.10, 0.07, 0.05, 0.04, 0.03]
}
