"""Naming cultures written in non-Latin scripts, with the transliterations banks use.

Arabic (Gulf, Levant, Iraq, North Africa), Persian (Afghanistan; Iran for embargoed payers), Urdu
(Pakistan), Hindi in Devanagari (India), Russian and Central Asian names in Cyrillic, and Korean
(embargoed payers only). Transliterations follow common passport and bank practice.
"""

from __future__ import annotations

from yipay.simulate.culture import CompanyPattern, Culture, pairs

ARABIC = Culture(
    key="arabic",
    script="Arab",
    male=pairs(
        "محمد=Mohammed|أحمد=Ahmed|علي=Ali|عمر=Omar|خالد=Khalid|يوسف=Youssef|إبراهيم=Ibrahim|"
        "حسن=Hassan|حسين=Hussein|عبدالله=Abdullah|سعيد=Saeed|ماجد=Majid|فهد=Fahad|طارق=Tariq|"
        "ناصر=Nasser|سلطان=Sultan|راشد=Rashid|حمد=Hamad|منصور=Mansour|وليد=Walid|كريم=Karim|"
        "مصطفى=Mustafa|عادل=Adel|ياسر=Yasser"
    ),
    female=pairs("فاطمة=Fatima|عائشة=Aisha|مريم=Mariam|نور=Nour|ليلى=Layla|سارة=Sara|هدى=Huda"),
    family=pairs(
        "الهاشمي=Al Hashimi|المنصوري=Al Mansouri|الشامسي=Al Shamsi|الكعبي=Al Kaabi|"
        "النعيمي=Al Nuaimi|الظاهري=Al Dhaheri|القحطاني=Al Qahtani|العتيبي=Al Otaibi|"
        "الغامدي=Al Ghamdi|الزهراني=Al Zahrani|الشمري=Al Shammari|الدوسري=Al Dosari|"
        "الحربي=Al Harbi|المصري=Al Masri|حداد=Haddad|خوري=Khoury|عبد الرحمن=Abdelrahman|"
        "السيد=El Sayed|الجبوري=Al Jubouri|العبيدي=Al Obaidi|التميمي=Al Tamimi|بن علي=Ben Ali|"
        "بوزيد=Bouzid|العلوي=El Alaoui|الفاسي=El Fassi"
    ),
    words=pairs(
        "النور=Al Noor|الأمل=Al Amal|البركة=Al Baraka|الواحة=Al Waha|الفجر=Al Fajr|"
        "الهلال=Al Hilal|الصفا=Al Safa|الروضة=Al Rawda|المنار=Al Manar|الخليج=Al Khaleej|"
        "الريان=Al Rayyan|السلام=Al Salam|الفرسان=Al Fursan|النخبة=Al Nukhba|الأفق=Al Ofouq|"
        "الزهرة=Al Zahra|الشروق=Al Shorouq|الرواد=Al Rowad|القمة=Al Qimma|الندى=Al Nada"
    ),
    companies=(
        CompanyPattern("{word} للتجارة العامة ذ.م.م", "{word} General Trading LLC"),
        CompanyPattern("مؤسسة {word} التجارية", "{word} Trading Est."),
        CompanyPattern("شركة {word} للاستيراد والتصدير", "{word} Import and Export Co."),
        CompanyPattern("{family} للتجارة", "{family} Trading"),
        CompanyPattern("{word} للتجارة العامة م.م.ح", "{word} General Trading FZE", "AE"),
    ),
)

PERSIAN = Culture(
    key="persian",
    script="Arab",
    male=pairs(
        "محمد=Mohammad|احمد=Ahmad|علی=Ali|حمید=Hamid|رحیم=Rahim|کریم=Karim|نصیر=Nasir|"
        "جاوید=Javid|فرهاد=Farhad|مسعود=Masoud|شریف=Sharif|ظاهر=Zaher|عزیز=Aziz|نجیب=Najib|"
        "قادر=Qader|وحید=Wahid|فرید=Farid|یوسف=Yousuf|سمیع=Sami|بشیر=Bashir"
    ),
    female=pairs("زهرا=Zahra|مریم=Maryam|فریده=Farida|شبنم=Shabnam"),
    family=pairs(
        "احمدی=Ahmadi|محمدی=Mohammadi|حیدری=Haidari|رحیمی=Rahimi|کریمی=Karimi|نوری=Noori|"
        "صدیقی=Sediqi|عزیزی=Azizi|هاشمی=Hashemi|یوسفی=Yousufi|حسینی=Hosseini|قادری=Qaderi|"
        "وردک=Wardak|پوپل=Popal|ستانکزی=Stanekzai|امیری=Amiri|سلطانی=Soltani|"
        "فرهمند=Farahmand|رسولی=Rasuli|جلالی=Jalali|نظری=Nazari|شریفی=Sharifi"
    ),
    words=pairs(
        "آریانا=Ariana|پامیر=Pamir|خراسان=Khorasan|هرات=Herat|کابل=Kabul|بلخ=Balkh|"
        "آسمان=Asman|امید=Omid|نوین=Novin|ستاره=Setareh|البرز=Alborz|پارس=Pars|آرمان=Arman|"
        "نوید=Navid|بهار=Bahar|سیمرغ=Simorgh|کاوه=Kaveh|مهر=Mehr|نگین=Negin|دریا=Darya"
    ),
    companies=(
        CompanyPattern("شرکت تجارتی {word}", "{word} Trading Company", "AF"),
        CompanyPattern("شرکت {family} و پسران", "{family} and Sons Company", "AF"),
        CompanyPattern("شرکت واردات و صادرات {word}", "{word} Import Export Company", "AF"),
        CompanyPattern("شرکت بازرگانی {word}", "{word} Trading Co.", "IR"),
        CompanyPattern("شرکت صنایع {word}", "{word} Industries Co.", "IR"),
    ),
)

URDU = Culture(
    key="urdu",
    script="Arab",
    male=pairs(
        "محمد=Muhammad|عمران=Imran|عثمان=Usman|بلال=Bilal|فیصل=Faisal|آصف=Asif|طارق=Tariq|"
        "ندیم=Nadeem|وقاص=Waqas|حمزہ=Hamza|عاطف=Atif|شاہد=Shahid|زاہد=Zahid|کامران=Kamran|"
        "عرفان=Irfan|عمیر=Umair|سلمان=Salman|راشد=Rashid|ثاقب=Saqib|جاوید=Javed"
    ),
    female=pairs("عائشہ=Ayesha|فاطمہ=Fatima|صبا=Saba|نادیہ=Nadia"),
    family=pairs(
        "خان=Khan|احمد=Ahmed|ملک=Malik|بٹ=Butt|چوہدری=Chaudhry|شیخ=Sheikh|قریشی=Qureshi|"
        "مرزا=Mirza|رانا=Rana|اعوان=Awan|راجپوت=Rajput|حسین=Hussain|اقبال=Iqbal|صدیقی=Siddiqui|"
        "بخاری=Bukhari|گیلانی=Gilani|نواز=Nawaz|عباسی=Abbasi|آفریدی=Afridi|مغل=Mughal|"
        "انصاری=Ansari|ہاشمی=Hashmi"
    ),
    words=pairs(
        "مدینہ=Madina|الرحمان=Al Rehman|ستارہ=Sitara|ہلال=Hilal|نور=Noor|سبحان=Subhan|"
        "فاروق=Farooq|الحمد=Al Hamd|کریسنٹ=Crescent|گلشن=Gulshan|پاک=Pak|شاہین=Shaheen|"
        "سٹار=Star|زمزم=Zamzam|برکت=Barkat|فیضان=Faizan|رحمت=Rehmat|الفتح=Al Fatah|انڈس=Indus|"
        "کوہستان=Kohistan"
    ),
    companies=(
        CompanyPattern("{word} ٹریڈرز", "{word} Traders"),
        CompanyPattern("{family} انٹرپرائزز", "{family} Enterprises"),
        CompanyPattern("{family} اینڈ سنز", "{family} and Sons"),
        CompanyPattern("{word} امپیکس", "{word} Impex"),
    ),
)

HINDI = Culture(
    key="hindi",
    script="Deva",
    male=pairs(
        "राजेश=Rajesh|सुरेश=Suresh|रमेश=Ramesh|अमित=Amit|विकास=Vikas|संजय=Sanjay|राहुल=Rahul|"
        "अजय=Ajay|विजय=Vijay|मनोज=Manoj|अनिल=Anil|सुनील=Sunil|दीपक=Deepak|प्रदीप=Pradeep|"
        "राकेश=Rakesh|अशोक=Ashok|नरेश=Naresh|महेश=Mahesh|गौरव=Gaurav|आकाश=Akash"
    ),
    female=pairs("प्रिया=Priya|पूजा=Pooja|नेहा=Neha|सुनीता=Sunita|अनीता=Anita"),
    family=pairs(
        "शर्मा=Sharma|वर्मा=Verma|गुप्ता=Gupta|अग्रवाल=Agarwal|जैन=Jain|पटेल=Patel|शाह=Shah|"
        "सिंह=Singh|कुमार=Kumar|मेहता=Mehta|बंसल=Bansal|गोयल=Goyal|मित्तल=Mittal|जोशी=Joshi|"
        "चौधरी=Chaudhary|यादव=Yadav|मल्होत्रा=Malhotra|कपूर=Kapoor|खन्ना=Khanna|अरोड़ा=Arora|"
        "सेठी=Sethi|भाटिया=Bhatia|सक्सेना=Saxena|रस्तोगी=Rastogi"
    ),
    words=pairs(
        "गणेश=Ganesh|लक्ष्मी=Laxmi|बालाजी=Balaji|साई=Sai|कृष्णा=Krishna|शिव=Shiv|दुर्गा=Durga|"
        "सिद्धि=Siddhi|ओम=Om|श्याम=Shyam|गोपाल=Gopal|अंबिका=Ambika|महालक्ष्मी=Mahalaxmi|"
        "तिरुपति=Tirupati|जय=Jay|आदित्य=Aditya|सूर्या=Surya|विनायक=Vinayak|राधे=Radhe|हरि=Hari"
    ),
    companies=(
        CompanyPattern("श्री {word} ट्रेडर्स", "Shree {word} Traders"),
        CompanyPattern("{family} एंटरप्राइजेज", "{family} Enterprises"),
        CompanyPattern("{word} इम्पेक्स प्राइवेट लिमिटेड", "{word} Impex Private Limited"),
        CompanyPattern("{family} इंटरनेशनल", "{family} International"),
    ),
)

RUSSIAN = Culture(
    key="russian",
    script="Cyrl",
    male=pairs(
        "Александр=Aleksandr|Сергей=Sergei|Дмитрий=Dmitrii|Андрей=Andrei|Алексей=Aleksei|"
        "Максим=Maksim|Евгений=Evgenii|Иван=Ivan|Михаил=Mikhail|Николай=Nikolai|"
        "Владимир=Vladimir|Олег=Oleg|Игорь=Igor|Павел=Pavel|Роман=Roman|Артём=Artem|"
        "Денис=Denis|Виктор=Viktor|Юрий=Iurii|Антон=Anton"
    ),
    female=pairs(
        "Анна=Anna|Елена=Elena|Ольга=Olga|Наталья=Natalia|Татьяна=Tatiana|Ирина=Irina|"
        "Светлана=Svetlana"
    ),
    family=pairs(
        "Иванов=Ivanov|Смирнов=Smirnov|Кузнецов=Kuznetsov|Попов=Popov|Васильев=Vasilev|"
        "Петров=Petrov|Соколов=Sokolov|Михайлов=Mikhailov|Новиков=Novikov|Фёдоров=Fedorov|"
        "Морозов=Morozov|Волков=Volkov|Алексеев=Alekseev|Лебедев=Lebedev|Семёнов=Semenov|"
        "Егоров=Egorov|Павлов=Pavlov|Козлов=Kozlov|Степанов=Stepanov|Николаев=Nikolaev|"
        "Орлов=Orlov|Андреев=Andreev|Макаров=Makarov|Захаров=Zakharov|Ковальский=Kovalskii"
    ),
    words=pairs(
        "Восток=Vostok|Альянс=Alians|Сибирь=Sibir|Евразия=Evraziia|Меридиан=Meridian|"
        "Гранд=Grand|Престиж=Prestizh|Стандарт=Standart|Импульс=Impuls|Восход=Voskhod|"
        "Байкал=Baikal|Урал=Ural|Волга=Volga|Алтай=Altai|Орион=Orion|Вектор=Vektor|"
        "Партнёр=Partner|Кристалл=Kristall|Азия=Aziia|Север=Sever"
    ),
    companies=(
        CompanyPattern("ООО «{word} Импорт»", "OOO {word} Import"),
        CompanyPattern("ООО «{word}»", "OOO {word}"),
        CompanyPattern("ООО «{word} Трейд»", "OOO {word} Treid"),
        CompanyPattern("ОДО «{word}»", "ODO {word}", "BY"),
    ),
    feminine="slavic",
)

CENTRAL_ASIAN = Culture(
    key="central_asian",
    script="Cyrl",
    male=pairs(
        "Нурлан=Nurlan|Ерлан=Erlan|Асхат=Askhat|Бахтиёр=Bakhtiyor|Азамат=Azamat|Тимур=Timur|"
        "Рустам=Rustam|Шухрат=Shukhrat|Улугбек=Ulugbek|Данияр=Daniyar|Айбек=Aibek|Жасур=Jasur|"
        "Фаррух=Farrukh|Алишер=Alisher|Бекзод=Bekzod|Санжар=Sanzhar|Дильшод=Dilshod|Марат=Marat"
    ),
    female=pairs("Айгуль=Aigul|Гульнара=Gulnara|Динара=Dinara|Нигора=Nigora|Мадина=Madina"),
    family=pairs(
        "Абдуллаев=Abdullaev|Каримов=Karimov|Рахимов=Rakhimov|Юсупов=Yusupov|Алиев=Aliev|"
        "Исмаилов=Ismailov|Ахмедов=Akhmedov|Султанов=Sultanov|Жумабаев=Zhumabaev|Омаров=Omarov|"
        "Турсунов=Tursunov|Хасанов=Khasanov|Эргашев=Ergashev|Усманов=Usmanov|Сапаров=Saparov|"
        "Бекмуратов=Bekmuratov|Асанов=Asanov|Токтогулов=Toktogulov|Исаев=Isaev|Нуриев=Nuriev|"
        "Сейтказиев=Seitkaziev|Мамбетов=Mambetov"
    ),
    words=pairs(
        "Шёлковый Путь=Shelkovyi Put|Самарканд=Samarkand|Тянь-Шань=Tian-Shan|Алатау=Alatau|"
        "Достык=Dostyk|Бирлик=Birlik|Нур=Nur|Сункар=Sunkar|Тулпар=Tulpar|Барс=Bars|"
        "Хорезм=Khorezm|Фергана=Fergana|Бухара=Bukhara|Иссык-Куль=Issyk-Kul|Ала-Тоо=Ala-Too|"
        "Каспий=Kaspii|Арман=Arman|Жибек=Zhibek|Турон=Turon|Сарыарка=Saryarka"
    ),
    companies=(
        CompanyPattern("ТОО «{word}»", "TOO {word}", "KZ"),
        CompanyPattern("ТОО «{word} Импорт»", "TOO {word} Import", "KZ"),
        CompanyPattern("ОсОО «{word}»", "OsOO {word}", "KG"),
        CompanyPattern("ООО «{word} Импорт»", "OOO {word} Import", "UZ"),
        CompanyPattern("ООО «{word}»", "OOO {word}"),
    ),
    feminine="slavic",
)

KOREAN = Culture(
    key="korean",
    script="Hang",
    male=pairs(
        "철=Chol|명수=Myong Su|성일=Song Il|광철=Kwang Chol|영호=Yong Ho|혁=Hyok|룡일=Ryong Il|"
        "성진=Song Jin|국철=Kuk Chol|명철=Myong Chol"
    ),
    female=pairs("은희=Un Hui|순옥=Sun Ok|명희=Myong Hui"),
    family=pairs("김=Kim|리=Ri|박=Pak|최=Choe|정=Jong|강=Kang|조=Jo|윤=Yun|장=Jang|한=Han"),
    words=pairs(
        "대동강=Taedonggang|금강=Kumgang|묘향=Myohyang|칠보=Chilbo|룡악=Ryongak|해방=Haebang|"
        "압록=Amnok|대성=Taesong"
    ),
    companies=(CompanyPattern("조선{word}무역회사", "Korea {word} Trading Corporation"),),
    family_first=True,
)
