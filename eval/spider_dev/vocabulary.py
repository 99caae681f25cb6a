"""Word lists for realistic-looking generated values (names, places, organisations, words).

Plain data, kept apart from the rules that pick from it (``value_rules``). Every list is a
tuple so that a seeded ``random.Random`` draws the same values on every run.
"""

FIRST_NAMES = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William",
    "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark",
    "Margaret", "Steven", "Sandra", "Paul", "Ashley", "Andrew", "Emily", "Joshua", "Donna",
    "Kevin", "Michelle", "Brian", "Carol", "George", "Amanda", "Edward", "Melissa", "Ronald",
    "Deborah", "Timothy", "Stephanie", "Jason", "Rebecca", "Ryan", "Laura", "Jacob", "Helen",
    "Gary", "Sharon", "Nicholas", "Cynthia", "Eric", "Kathleen", "Lucas", "Sofia", "Mateo",
    "Elena", "Hiroshi", "Yuki", "Ahmed", "Fatima", "Pierre", "Camille", "Lars", "Ingrid",
)

LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Schmidt", "Rossi", "Dubois",
    "Tanaka", "Kowalski", "Jensen", "Novak", "Silva", "Costa", "Murphy",
)

CITIES = (
    "London", "Paris", "Berlin", "Madrid", "Rome", "Vienna", "Amsterdam", "Lisbon", "Dublin",
    "Prague", "Warsaw", "Stockholm", "Oslo", "Helsinki", "Athens", "New York", "Chicago",
    "Boston", "Seattle", "Denver", "Austin", "Houston", "Atlanta", "Miami", "Phoenix",
    "Toronto", "Montreal", "Vancouver", "Sydney", "Melbourne", "Auckland", "Tokyo", "Osaka",
    "Seoul", "Beijing", "Shanghai", "Mumbai", "Delhi", "Cairo", "Nairobi", "Lagos",
    "Buenos Aires", "Lima", "Santiago", "Bogota", "Mexico City", "Manchester", "Glasgow",
    "Lyon", "Munich", "Hamburg", "Milan", "Naples", "Porto", "Krakow", "Zurich", "Geneva",
)

COUNTRIES = (
    "United States", "United Kingdom", "France", "Germany", "Spain", "Italy", "Netherlands",
    "Portugal", "Ireland", "Sweden", "Norway", "Finland", "Denmark", "Poland", "Austria",
    "Switzerland", "Greece", "Canada", "Mexico", "Brazil", "Argentina", "Chile", "Peru",
    "Colombia", "Australia", "New Zealand", "Japan", "China", "South Korea", "India",
    "Egypt", "Kenya", "Nigeria", "South Africa", "Turkey", "Russia", "Ukraine", "Belgium",
)

NATIONALITIES = (
    "American", "British", "French", "German", "Spanish", "Italian", "Dutch", "Portuguese",
    "Irish", "Swedish", "Norwegian", "Polish", "Austrian", "Swiss", "Greek", "Canadian",
    "Mexican", "Brazilian", "Argentine", "Australian", "Japanese", "Chinese", "Korean",
    "Indian", "Egyptian", "Kenyan", "Russian", "Belgian",
)

STATES = (
    "California", "Texas", "Florida", "New York", "Pennsylvania", "Illinois", "Ohio",
    "Georgia", "North Carolina", "Michigan", "New Jersey", "Virginia", "Washington",
    "Arizona", "Massachusetts", "Tennessee", "Indiana", "Missouri", "Maryland", "Wisconsin",
    "Colorado", "Minnesota", "South Carolina", "Alabama", "Louisiana", "Kentucky", "Oregon",
    "Oklahoma", "Connecticut", "Utah", "Iowa", "Nevada", "Hawaii", "Vermont", "Maine",
)

LANGUAGES = (
    "English", "French", "German", "Spanish", "Italian", "Portuguese", "Dutch", "Swedish",
    "Polish", "Greek", "Russian", "Arabic", "Hindi", "Japanese", "Korean", "Chinese",
    "Turkish", "Swahili", "Bengali", "Malay",
)

CONTINENTS = ("Asia", "Europe", "Africa", "North America", "South America", "Oceania", "Antarctica")

REGIONS = (
    "Western Europe", "Eastern Europe", "Southern Europe", "Nordic Countries", "Caribbean",
    "Central America", "South America", "North America", "Middle East", "Southeast Asia",
    "Eastern Asia", "Southern Asia", "Central Africa", "Eastern Africa", "Western Africa",
    "Northern Africa", "Polynesia", "Micronesia",
)

STREET_NAMES = (
    "Oak", "Maple", "Pine", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Main",
    "Church", "High", "Station", "Mill", "River", "Sunset", "Highland", "Forest", "Meadow",
)
STREET_KINDS = ("Street", "Avenue", "Road", "Lane", "Drive", "Court", "Boulevard", "Way")

PLACE_WORDS = (
    "Riverside", "Northgate", "Lakeview", "Westfield", "Oakwood", "Highland", "Kingston",
    "Fairview", "Greenfield", "Springfield", "Brookside", "Clearwater", "Redwood", "Silverton",
    "Eastwood", "Harbor", "Summit", "Victoria", "Crystal", "Golden", "Royal", "Central",
    "Pioneer", "Liberty", "Heritage", "Sunrise", "Maplewood", "Stonebridge", "Bayside",
)

COMPANY_SUFFIXES = ("Inc", "Group", "Ltd", "Corporation", "Partners", "Holdings", "Records", "Media")

WORDS = (
    "alpha", "bright", "calm", "delta", "early", "fresh", "grand", "happy", "ideal", "jolly",
    "keen", "lively", "modern", "noble", "open", "prime", "quick", "rapid", "solid", "true",
    "urban", "vivid", "warm", "young", "zeal", "amber", "blue", "coral", "dawn", "ember",
    "frost", "glory", "harmony", "island", "journey", "kingdom", "legend", "moment", "night",
    "ocean", "promise", "quest", "rhythm", "shadow", "thunder", "unity", "voyage", "wonder",
)

TITLE_WORDS = (
    "Love", "Night", "Dream", "Heart", "Fire", "Road", "Sky", "Rain", "Summer", "Winter",
    "Shadow", "Light", "River", "Storm", "Star", "Moon", "Sun", "Song", "Story", "Secret",
    "Journey", "Garden", "City", "Ocean", "Whisper", "Echo", "Promise", "Legend", "Wild",
)

CATEGORY_WORDS = ("Standard", "Premium", "Basic", "Special", "Classic", "Deluxe", "Regular", "Advanced")

MAJORS = ("Computer Science", "Mathematics", "History", "Biology", "Economics", "Physics",
          "Chemistry", "Philosophy", "Engineering", "Literature")

COLORS = ("Red", "Blue", "Green", "Black", "White", "Silver", "Yellow", "Grey")

GENRES = ("Pop", "Rock", "Jazz", "Classical", "Country", "Hip hop", "Blues", "Folk", "Drama",
          "Comedy", "Documentary", "News", "Sports", "Music")

ROLES = ("Manager", "Engineer", "Analyst", "Assistant", "Director", "Consultant", "Technician",
         "Veterinarian", "Employee", "Supervisor")

PERSON_TABLE_WORDS = (
    "singer", "teacher", "people", "person", "employee", "conductor", "visitor", "player",
    "highschooler", "student", "owner", "professional", "contestant", "staff", "member",
    "customer", "author", "actor", "driver", "director", "manager", "winner", "loser",
    "commander", "head", "voter", "user",
)

GOVERNMENT_FORMS = ("Republic", "Federal Republic", "Constitutional Monarchy", "Monarchy",
                    "Parliamentary Democracy", "Emirate", "US Territory", "Dependent Territory of the UK")
