import ClickstreamModel

/// The words one category's products are made of.
struct CategoryWords: Sendable {
    /// Three letters used in SKUs: `ELE-004217`.
    let skuPrefix: StaticString
    let brands: [StaticString]
    let nouns: [StaticString]
    let tags: [StaticString]
    /// What shoppers type into the search box for this category.
    let queries: [StaticString]
    /// URL path segment of the category page.
    let slug: StaticString
}

extension Vocabulary {
    static let adjectives: [StaticString] = [
        "Classic", "Premium", "Essential", "Ultra", "Pro", "Compact", "Deluxe", "Eco", "Smart", "Vintage",
        "Modern", "Lightweight", "Heavy-Duty", "Everyday", "Advanced", "Organic", "Portable", "Signature",
        "Sport", "Original",
    ]

    static let descriptionOpeners: [StaticString] = [
        "Designed for everyday use", "A customer favourite", "Built to last", "Thoughtfully made",
        "Our best-selling pick", "Crafted with care", "Great value", "Engineered for performance",
    ]

    static let descriptionClosers: [StaticString] = [
        "Comes with a two-year warranty.", "Free returns within 30 days.", "From a brand you can trust.",
        "Ships within 24 hours.", "Made from responsibly sourced materials.", "Rated highly by shoppers.",
    ]

    /// Indexed by `Category.rawValue`.
    static let categoryWords: [CategoryWords] = [
        CategoryWords(
            skuPrefix: "ELE",
            brands: ["Samsung", "Sony", "Apple", "Anker", "Logitech", "Bose", "LG", "Lenovo"],
            nouns: [
                "Wireless Earbuds", "Bluetooth Speaker", "Smartwatch", "Laptop", "4K Monitor", "Tablet",
                "Power Bank", "Gaming Mouse", "Mechanical Keyboard", "Noise-Cancelling Headphones",
            ],
            tags: ["wireless", "bluetooth", "usb-c", "4k", "gaming", "portable", "smart-home", "rechargeable"],
            queries: [
                "wireless earbuds", "laptop", "usb c charger", "bluetooth speaker", "smart watch", "monitor 27 inch",
            ],
            slug: "electronics"),
        CategoryWords(
            skuPrefix: "CLO",
            brands: ["Nike", "Adidas", "Levi's", "Uniqlo", "H&M", "Zara", "Patagonia", "Carhartt"],
            nouns: [
                "T-Shirt", "Hoodie", "Jeans", "Rain Jacket", "Sneakers", "Dress", "Chinos", "Wool Sweater",
                "Leggings", "Baseball Cap",
            ],
            tags: ["cotton", "slim-fit", "casual", "summer", "winter", "unisex", "waterproof", "recycled"],
            queries: ["white sneakers", "rain jacket", "mens jeans", "summer dress", "hoodie", "wool sweater"],
            slug: "clothing"),
        CategoryWords(
            skuPrefix: "HOM",
            brands: ["IKEA", "KitchenAid", "Dyson", "Philips", "OXO", "Le Creuset", "Brabantia", "Ninja"],
            nouns: [
                "Table Lamp", "Cookware Set", "Air Fryer", "Throw Blanket", "Vacuum Cleaner", "Bed Sheets",
                "Storage Box", "Coffee Maker", "Wall Clock", "Desk Chair",
            ],
            tags: ["kitchen", "living-room", "bedroom", "minimalist", "cotton", "energy-saving", "stainless", "cozy"],
            queries: ["air fryer", "coffee maker", "bed sheets queen", "desk chair", "vacuum cleaner", "table lamp"],
            slug: "home-garden"),
        CategoryWords(
            skuPrefix: "BEA",
            brands: ["L'Oreal", "Nivea", "CeraVe", "The Ordinary", "Maybelline", "Clinique", "Dove", "Olaplex"],
            nouns: [
                "Moisturizer", "Face Serum", "Shampoo", "Lipstick", "Sunscreen SPF 50", "Mascara",
                "Body Lotion", "Eye Cream", "Hair Oil", "Cleansing Gel",
            ],
            tags: [
                "vegan", "cruelty-free", "fragrance-free", "sensitive-skin", "spf", "hydrating", "organic",
                "travel-size",
            ],
            queries: ["vitamin c serum", "sunscreen", "moisturizer dry skin", "shampoo", "mascara", "retinol"],
            slug: "beauty"),
        CategoryWords(
            skuPrefix: "SPO",
            brands: ["Nike", "Adidas", "Under Armour", "Wilson", "Decathlon", "Garmin", "Yeti", "The North Face"],
            nouns: [
                "Yoga Mat", "Running Shoes", "Dumbbell Set", "Tennis Racket", "Cycling Helmet", "Water Bottle",
                "Camping Tent", "Fitness Tracker", "Football", "Hiking Backpack",
            ],
            tags: ["outdoor", "fitness", "running", "training", "camping", "lightweight", "breathable", "team-sports"],
            queries: ["running shoes", "yoga mat", "dumbbells", "camping tent", "water bottle", "bike helmet"],
            slug: "sports-outdoors"),
        CategoryWords(
            skuPrefix: "BOO",
            brands: [
                "Penguin", "HarperCollins", "Vintage", "O'Reilly", "Scholastic", "Macmillan", "Hachette",
                "Simon & Schuster",
            ],
            nouns: [
                "Novel", "Cookbook", "Biography", "Thriller", "Programming Guide", "Children's Book",
                "Graphic Novel", "Travel Guide", "History Book", "Self-Help Book",
            ],
            tags: [
                "paperback", "hardcover", "bestseller", "fiction", "non-fiction", "new-release", "box-set",
                "illustrated",
            ],
            queries: ["thriller books", "cookbook", "python programming", "kids books", "biography", "fantasy series"],
            slug: "books"),
        CategoryWords(
            skuPrefix: "TOY",
            brands: [
                "LEGO", "Mattel", "Hasbro", "Playmobil", "Fisher-Price", "Melissa & Doug", "Ravensburger", "Hot Wheels",
            ],
            nouns: [
                "Building Set", "Board Game", "Puzzle 1000 Pieces", "Action Figure", "Plush Bear", "Doll House",
                "RC Car", "Art Kit", "Train Set", "Card Game",
            ],
            tags: [
                "ages-3-plus", "ages-8-plus", "educational", "family", "stem", "gift", "outdoor-play", "collectible",
            ],
            queries: ["lego", "board games", "puzzle", "rc car", "plush toy", "gift for 5 year old"],
            slug: "toys-games"),
        CategoryWords(
            skuPrefix: "AUT",
            brands: ["Bosch", "Michelin", "Castrol", "Meguiar's", "Garmin", "Thule", "NOCO", "Armor All"],
            nouns: [
                "Dash Cam", "Car Battery Charger", "Wiper Blades", "Roof Box", "Tire Inflator", "Floor Mats",
                "Motor Oil 5L", "Car Vacuum", "Jump Starter", "Seat Covers",
            ],
            tags: [
                "universal-fit", "all-season", "12v", "maintenance", "cleaning", "safety", "accessories", "heavy-duty",
            ],
            queries: ["dash cam", "jump starter", "wiper blades", "car vacuum", "motor oil", "tire inflator"],
            slug: "automotive"),
        CategoryWords(
            skuPrefix: "GRO",
            brands: ["Nestle", "Kellogg's", "Barilla", "Lavazza", "Twinings", "Kind", "Bob's Red Mill", "Lindt"],
            nouns: [
                "Coffee Beans 1kg", "Green Tea", "Pasta Pack", "Granola", "Dark Chocolate", "Olive Oil",
                "Protein Bars", "Oat Flour", "Honey", "Mixed Nuts",
            ],
            tags: ["organic", "gluten-free", "vegan", "bulk", "fair-trade", "snack", "breakfast", "low-sugar"],
            queries: ["coffee beans", "protein bars", "olive oil", "dark chocolate", "green tea", "granola"],
            slug: "grocery"),
        CategoryWords(
            skuPrefix: "HEA",
            brands: [
                "Centrum", "Nature Made", "Optimum Nutrition", "Omron", "Braun", "Oral-B", "Theragun", "Garden of Life",
            ],
            nouns: [
                "Multivitamin", "Whey Protein", "Blood Pressure Monitor", "Electric Toothbrush", "Vitamin D3",
                "Massage Gun", "Digital Thermometer", "Fish Oil", "Probiotic", "First Aid Kit",
            ],
            tags: [
                "supplement", "vegan", "sugar-free", "clinically-tested", "wellness", "immune-support", "sleep",
                "recovery",
            ],
            queries: ["multivitamin", "whey protein", "electric toothbrush", "vitamin d", "massage gun", "probiotic"],
            slug: "health-wellness"),
    ]
}
