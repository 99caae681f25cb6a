"""Reference data of the demo retail chain: regions, stores, categories, brands, products.

Kept apart from the random generator so that the names the evaluation questions and the
training-data conventions rely on (``eval/CONVENTIONS.md``) live in one readable place.
Nothing here is random; :mod:`demo.datagen` adds the randomness on top.
"""

from __future__ import annotations

from dataclasses import dataclass

REGIONS: tuple[str, ...] = (
    "East China", "North China", "South China", "Central China",
    "Southwest China", "Northwest China", "Northeast China",
)

# Share of the chain's orders per region: East China is the largest market on purpose, so
# "which region sells the most" has a clear answer.
REGION_WEIGHT: dict[str, float] = {
    "East China": 0.32, "South China": 0.20, "North China": 0.16, "Central China": 0.11,
    "Southwest China": 0.11, "Northeast China": 0.05, "Northwest China": 0.05,
}

# Return rate per region (fraction of orders). Northwest China stands out on purpose.
REGION_RETURN_RATE: dict[str, float] = {
    "East China": 0.045, "South China": 0.05, "North China": 0.04, "Central China": 0.05,
    "Southwest China": 0.055, "Northeast China": 0.06, "Northwest China": 0.09,
}


@dataclass(frozen=True, slots=True)
class StoreSpec:
    name: str
    city: str
    region: str
    weight: float          # relative order volume within its region
    opened_months_ago: int  # > 24 means it was open for the whole data window


STORES: tuple[StoreSpec, ...] = (
    StoreSpec("Shanghai Pudong", "Shanghai", "East China", 3.0, 120),
    StoreSpec("Shanghai Xujiahui", "Shanghai", "East China", 2.2, 96),
    StoreSpec("Hangzhou West Lake", "Hangzhou", "East China", 1.8, 84),
    StoreSpec("Nanjing Xinjiekou", "Nanjing", "East China", 1.5, 90),
    StoreSpec("Suzhou Industrial Park", "Suzhou", "East China", 1.3, 60),
    StoreSpec("Ningbo Tianyi Square", "Ningbo", "East China", 1.0, 70),
    StoreSpec("Hefei Huaihe Road", "Hefei", "East China", 0.9, 48),
    StoreSpec("Fuzhou Dongjiekou", "Fuzhou", "East China", 0.8, 52),
    StoreSpec("Xiamen Zhongshan Road", "Xiamen", "East China", 0.8, 40),
    StoreSpec("Jinan Quancheng Square", "Jinan", "East China", 0.8, 66),
    StoreSpec("Qingdao May Fourth Square", "Qingdao", "East China", 0.9, 58),
    StoreSpec("Wuxi Sanyang Plaza", "Wuxi", "East China", 0.7, 8),
    StoreSpec("Beijing Wangfujing", "Beijing", "North China", 2.5, 130),
    StoreSpec("Beijing Zhongguancun", "Beijing", "North China", 2.0, 88),
    StoreSpec("Tianjin Binjiang Avenue", "Tianjin", "North China", 1.2, 72),
    StoreSpec("Shijiazhuang Zhongshan Road", "Shijiazhuang", "North China", 0.7, 45),
    StoreSpec("Taiyuan Liuxiang", "Taiyuan", "North China", 0.6, 50),
    StoreSpec("Hohhot Zhongshan Road", "Hohhot", "North China", 0.4, 14),
    StoreSpec("Guangzhou Tianhe", "Guangzhou", "South China", 2.4, 110),
    StoreSpec("Guangzhou Beijing Road", "Guangzhou", "South China", 1.4, 75),
    StoreSpec("Shenzhen Futian", "Shenzhen", "South China", 2.2, 100),
    StoreSpec("Shenzhen Nanshan", "Shenzhen", "South China", 1.6, 62),
    StoreSpec("Dongguan Nancheng", "Dongguan", "South China", 0.9, 55),
    StoreSpec("Nanning Chaoyang Road", "Nanning", "South China", 0.6, 44),
    StoreSpec("Haikou Jiefang Road", "Haikou", "South China", 0.5, 38),
    StoreSpec("Wuhan Jianghan Road", "Wuhan", "Central China", 1.8, 95),
    StoreSpec("Wuhan Optics Valley", "Wuhan", "Central China", 1.2, 20),
    StoreSpec("Changsha Wuyi Square", "Changsha", "Central China", 1.3, 70),
    StoreSpec("Zhengzhou Erqi Square", "Zhengzhou", "Central China", 1.2, 68),
    StoreSpec("Nanchang Bayi Square", "Nanchang", "Central China", 0.7, 41),
    StoreSpec("Chengdu Chunxi Road", "Chengdu", "Southwest China", 2.0, 105),
    StoreSpec("Chengdu High-tech Zone", "Chengdu", "Southwest China", 1.1, 50),
    StoreSpec("Chongqing Jiefangbei", "Chongqing", "Southwest China", 1.8, 92),
    StoreSpec("Chongqing Guanyinqiao", "Chongqing", "Southwest China", 1.0, 46),
    StoreSpec("Kunming Nanping Street", "Kunming", "Southwest China", 0.7, 57),
    StoreSpec("Guiyang Fountain Square", "Guiyang", "Southwest China", 0.6, 39),
    StoreSpec("Xi'an Bell Tower", "Xi'an", "Northwest China", 1.6, 80),
    StoreSpec("Lanzhou Zhangye Road", "Lanzhou", "Northwest China", 0.6, 47),
    StoreSpec("Urumqi Youhao Road", "Urumqi", "Northwest China", 0.5, 36),
    StoreSpec("Yinchuan Gulou", "Yinchuan", "Northwest China", 0.3, 30),
    StoreSpec("Shenyang Taiyuan Street", "Shenyang", "Northeast China", 1.3, 86),
    StoreSpec("Dalian Qingniwa", "Dalian", "Northeast China", 1.1, 64),
    StoreSpec("Harbin Central Street", "Harbin", "Northeast China", 1.0, 74),
    StoreSpec("Changchun Chongqing Road", "Changchun", "Northeast China", 0.6, 42),
)


@dataclass(frozen=True, slots=True)
class CategorySpec:
    name: str
    weight: float                       # share of order lines
    brands: tuple[str, ...]
    items: tuple[tuple[str, float], ...]  # (item, typical list price in CNY)
    peak_months: tuple[int, ...]        # calendar months with extra demand
    bulk: bool = False                  # bought several at a time


CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec("Electronics", 1.3, ("Huawei", "Xiaomi", "Lenovo", "Apple", "OPPO", "vivo", "Sony", "DJI"),
                 (("Smartphone", 3999), ("Tablet", 2599), ("Laptop", 5999), ("Wireless Earbuds", 499),
                  ("Smartwatch", 1299), ("Power Bank", 149), ("Bluetooth Speaker", 399),
                  ("Action Camera", 2199), ("Monitor", 1499), ("Router", 299)), (6, 11)),
    CategorySpec("Home & Kitchen", 1.2, ("Midea", "Joyoung", "Supor", "Haier", "Gree", "Bear"),
                 (("Rice Cooker", 399), ("Air Fryer", 459), ("Electric Kettle", 129), ("Soymilk Maker", 349),
                  ("Wok", 199), ("Air Purifier", 1299), ("Vacuum Cleaner", 1699), ("Blender", 259),
                  ("Microwave Oven", 599), ("Water Dispenser", 699)), (1, 11)),
    CategorySpec("Clothing", 1.4, ("Li-Ning", "Anta", "Bosideng", "Uniqlo", "Semir", "Peacebird"),
                 (("Down Jacket", 899), ("T-Shirt", 79), ("Jeans", 249), ("Hoodie", 199), ("Running Shoes", 499),
                  ("Sneakers", 399), ("Windbreaker", 459), ("Dress", 329)), (1, 11, 12)),
    CategorySpec("Beauty & Personal Care", 1.0, ("Proya", "Pechoin", "Florasis", "Winona", "Perfect Diary"),
                 (("Face Cream", 239), ("Lipstick", 129), ("Sunscreen", 99), ("Serum", 299), ("Shampoo", 69),
                  ("Eye Shadow Palette", 159)), (3, 11)),
    CategorySpec("Sports & Outdoors", 0.8, ("Decathlon", "Li-Ning", "Anta", "Kailas", "Toread"),
                 (("Yoga Mat", 99), ("Camping Tent", 799), ("Badminton Racket", 299), ("Basketball", 169),
                  ("Hiking Backpack", 459), ("Bicycle", 1599)), (4, 5, 6, 7, 8)),
    CategorySpec("Toys & Games", 0.6, ("LEGO", "Bandai", "Pop Mart", "Hasbro"),
                 (("Building Set", 499), ("Blind Box", 69), ("Board Game", 199), ("Plush Toy", 129),
                  ("Remote Control Car", 349)), (1, 6, 12)),
    CategorySpec("Books", 0.7, ("CITIC Press", "People's Literature", "Xinhua", "Penguin"),
                 (("Novel", 49), ("Cookbook", 68), ("Business Book", 59), ("Children's Picture Book", 39),
                  ("History Book", 79)), (4, 9)),
    CategorySpec("Grocery", 1.5, ("Three Squirrels", "Yili", "Mengniu", "Nongfu Spring", "Lee Kum Kee", "Master Kong"),
                 (("Mixed Nuts", 89), ("Milk Case", 65), ("Green Tea", 45), ("Mineral Water Pack", 29),
                  ("Soy Sauce", 19), ("Instant Noodles Box", 39), ("Mooncake Gift Box", 188)), (1, 2, 9),
                 bulk=True),
    CategorySpec("Furniture", 0.4, ("IKEA", "Kuka", "Lin's Wood", "Quanyou"),
                 (("Sofa", 4599), ("Office Chair", 899), ("Bookshelf", 599), ("Dining Table", 1999),
                  ("Mattress", 2999)), (3, 9, 10)),
    CategorySpec("Baby Products", 0.6, ("Goodbaby", "Feihe", "Pampers", "Babycare"),
                 (("Stroller", 1299), ("Infant Formula", 328), ("Diapers Pack", 139), ("Baby Bottle", 89)),
                 (5, 11), bulk=True),
    CategorySpec("Pet Supplies", 0.5, ("Royal Canin", "Myfoodie", "Petkit"),
                 (("Cat Food", 169), ("Dog Food", 199), ("Cat Litter", 59), ("Automatic Feeder", 399)),
                 (11,), bulk=True),
    CategorySpec("Office Supplies", 0.7, ("Deli", "M&G", "Comix", "Kingsoft"),
                 (("Gel Pens Box", 25), ("A4 Paper Ream", 32), ("Stapler", 18), ("Desk Organizer", 59),
                  ("Label Printer", 399), ("Whiteboard", 149)), (3, 9), bulk=True),
)

MODEL_SUFFIXES: tuple[str, ...] = ("", " Pro", " Lite", " Max", " Mini", " Plus", " S", " 2", " Air", " Classic")

# One hero product per region: a regional favourite that sells far above everything else
# there, so "top product in <region> last month" has one clear answer. (region, product)
STAR_PRODUCTS: tuple[tuple[str, str, str, str, float], ...] = (
    # region, product name, brand, category, list price
    ("East China", "Huawei Mate 60 Pro", "Huawei", "Electronics", 6499.00),
    ("South China", "OPPO Find X7", "OPPO", "Electronics", 4999.00),
    ("North China", "Lenovo ThinkPad X1 Carbon", "Lenovo", "Electronics", 9999.00),
    ("Central China", "Midea Smart Air Conditioner", "Midea", "Home & Kitchen", 3599.00),
    ("Southwest China", "Xiaomi 14 Ultra", "Xiaomi", "Electronics", 5999.00),
    ("Northwest China", "Bosideng Extreme Cold Parka", "Bosideng", "Clothing", 2599.00),
    ("Northeast China", "Haier Double-Door Fridge", "Haier", "Home & Kitchen", 4299.00),
)

SURNAMES: tuple[str, ...] = (
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
    "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han",
    "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang",
    "Yu", "Du", "Ye", "Cheng", "Wei", "Su", "Lu", "Ding", "Ren", "Shen", "Yao", "Fang",
)
GIVEN_SYLLABLES: tuple[str, ...] = (
    "Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan", "Jie",
    "Tao", "Ming", "Chao", "Xiu", "Hui", "Hua", "Ping", "Gang", "Dan", "Xin", "Yu", "Hao", "Lin",
    "Ting", "Rui", "Kai", "Bo", "Xue", "Mei", "Zhen", "Long", "Feng", "Qing", "Yue", "Ning",
)
COMPANY_WORDS: tuple[str, ...] = (
    "Huaxin", "Jinlong", "Hengtai", "Tianrui", "Zhongda", "Xinghe", "Baoli", "Ruifeng", "Hongyun",
    "Dingsheng", "Kaiyuan", "Fuxing", "Changan", "Minghui", "Yuanda", "Shengshi",
)
COMPANY_KINDS: tuple[str, ...] = (
    "Trading Co., Ltd.", "Technology Co., Ltd.", "Logistics Co., Ltd.", "Catering Group",
    "Education Group", "Hotel Management Co.", "Property Services Co.", "Medical Co., Ltd.",
)
SHOP_KINDS: tuple[str, ...] = (
    "Noodle House", "Tea Shop", "Bakery", "Print Shop", "Flower Shop", "Pet Clinic", "Studio",
    "Hair Salon", "Convenience Store", "Repair Shop", "Dental Clinic", "Café",
)
