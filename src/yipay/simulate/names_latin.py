"""Naming cultures written in Latin script (with diacritics; banks carry them folded to ASCII).

West and East Africa, Latin America, Turkey, Vietnam, Indonesia and Malaysia, the EU and the UK,
and the United States. Hispanic names carry two surnames; German umlauts fold to ae/oe/ue.
"""

from __future__ import annotations

from yipay.simulate.culture import CompanyPattern, Culture, latin_pairs

_AFRICAN_WORDS = latin_pairs(
    "Goodluck|Royal|Golden|Prime|Unity|Divine|Everest|Crown|Victory|Ebenezer|Blessed|Faith|"
    "Grace|Jubilee|Sunshine|Kingdom|Excel|Heritage|Success|Pinnacle"
)
_AFRICAN_COMPANIES = (
    CompanyPattern("{family} Global Ventures Ltd", "{family} Global Ventures Ltd"),
    CompanyPattern("{word} Enterprises Limited", "{word} Enterprises Limited"),
    CompanyPattern("{family} & Sons Ltd", "{family} & Sons Ltd"),
    CompanyPattern("{word} Trading Company Ltd", "{word} Trading Company Ltd"),
)

NIGERIAN = Culture(
    key="nigerian",
    script="Latn",
    male=latin_pairs(
        "Chukwuemeka|Oluwaseun|Adebayo|Babatunde|Emeka|Ifeanyi|Tunde|Chinedu|Obinna|Uchenna|"
        "Segun|Musa|Abubakar|Ibrahim|Yusuf"
    ),
    female=latin_pairs("Ngozi|Folake|Chioma|Aisha|Funmilayo"),
    family=latin_pairs(
        "Okafor|Okonkwo|Adeyemi|Olawale|Eze|Nwosu|Balogun|Adeleke|Nwachukwu|Obi|Okeke|Ogunleye|"
        "Bello|Abdullahi|Suleiman|Okoro|Ajayi|Nnamdi|Onyekachi|Uche|Adewale|Afolabi"
    ),
    words=_AFRICAN_WORDS,
    companies=_AFRICAN_COMPANIES,
)

GHANAIAN = Culture(
    key="ghanaian",
    script="Latn",
    male=latin_pairs(
        "Kwame|Kofi|Kwabena|Yaw|Kwaku|Kojo|Kwesi|Emmanuel|Samuel|Daniel|Isaac|Richard"
    ),
    female=latin_pairs("Ama|Akosua|Abena|Adwoa|Efua|Akua"),
    family=latin_pairs(
        "Mensah|Owusu|Boateng|Asante|Osei|Agyeman|Appiah|Darko|Ofori|Amoah|Addo|Opoku|"
        "Acheampong|Antwi|Sarpong|Frimpong|Danso|Quaye|Tetteh|Annan"
    ),
    words=_AFRICAN_WORDS,
    companies=_AFRICAN_COMPANIES,
)

FRANCOPHONE_AFRICAN = Culture(
    key="francophone_african",
    script="Latn",
    male=latin_pairs(
        "Amadou|Moussa|Mamadou|Ousmane|Ibrahima|Cheikh|Abdoulaye|Souleymane|Modou|Babacar|"
        "Jean-Pierre|Serge|Paul|Didier"
    ),
    female=latin_pairs("Aminata|Fatou|Awa|Mariama|Aïssatou|Ndèye"),
    family=latin_pairs(
        "Diallo|Ndiaye|Diop|Traoré|Coulibaly|Sow|Fall|Ba|Gueye|Sarr|Faye|Kane|Cissé|Touré|"
        "Konaté|Ouattara|Kouassi|Koné|Fofana|Mbaye|Ngom|Mbarga|Fotso|Nkoulou"
    ),
    words=latin_pairs(
        "Espoir|Touba|Sahel|Teranga|Avenir|Étoile|Soleil|Renouveau|Concorde|Alliance|Harmonie|"
        "Baobab"
    ),
    companies=(
        CompanyPattern("Ets {family} et Frères", "Ets {family} et Freres"),
        CompanyPattern("{word} Import-Export SARL", "{word} Import-Export SARL"),
        CompanyPattern("Société {word} Négoce SARL", "Societe {word} Negoce SARL"),
    ),
)

EAST_AFRICAN = Culture(
    key="east_african",
    script="Latn",
    male=latin_pairs(
        "John|Peter|Joseph|Daniel|David|Baraka|Juma|Hassan|Omari|Emmanuel|Brian|Kevin|Dennis|Moses"
    ),
    female=latin_pairs("Wanjiru|Neema|Grace|Mercy|Faith|Zawadi"),
    family=latin_pairs(
        "Mwangi|Ochieng|Njoroge|Kimani|Otieno|Kamau|Wanjala|Mutua|Kiprop|Cheruiyot|Odhiambo|"
        "Omondi|Mushi|Mwakyusa|Massawe|Kimaro|Mbwambo|Lyimo|Ssempala|Mugisha|Okello"
    ),
    words=_AFRICAN_WORDS,
    companies=_AFRICAN_COMPANIES,
)

SPANISH = Culture(
    key="spanish",
    script="Latn",
    male=latin_pairs(
        "José|Juan|Luis|Carlos|Jorge|Miguel|Alejandro|Fernando|Ricardo|Andrés|Diego|Javier|"
        "Sergio|Roberto|Eduardo|Pablo|Manuel|Raúl"
    ),
    female=latin_pairs("María|Ana|Lucía|Carmen|Gabriela|Daniela|Valentina|Paola|Sofía"),
    family=latin_pairs(
        "García|Rodríguez|Martínez|Hernández|López|González|Pérez|Sánchez|Ramírez|Torres|Flores|"
        "Rivera|Gómez|Díaz|Vargas|Castro|Romero|Morales|Ortiz|Gutiérrez|Chávez|Ramos|Mendoza|"
        "Rojas|Herrera|Medina"
    ),
    words=latin_pairs(
        "del Pacífico|Andina|Los Andes|El Sol|La Estrella|Aurora|Continental|Del Valle|"
        "San Martín|Global|Horizonte|Unión|Del Norte|La Paz|Cóndor|Azteca|Inca|Maya|Tropical|"
        "El Dorado"
    ),
    companies=(
        CompanyPattern("Importadora {word} S.A. de C.V.", "Importadora {word} S.A. de C.V.", "MX"),
        CompanyPattern("Comercializadora {word} S.A.S.", "Comercializadora {word} S.A.S.", "CO"),
        CompanyPattern("{word} Importaciones S.A.C.", "{word} Importaciones S.A.C.", "PE"),
        CompanyPattern("Distribuidora {word} SpA", "Distribuidora {word} SpA", "CL"),
        CompanyPattern("{word} Importaciones S.R.L.", "{word} Importaciones S.R.L.", "AR"),
        CompanyPattern("Importaciones {family} S.L.", "Importaciones {family} S.L.", "ES"),
        CompanyPattern("Comercial {word} S.L.", "Comercial {word} S.L.", "ES"),
        CompanyPattern("Empresa Comercial {word} S.A.", "Empresa Comercial {word} S.A.", "CU"),
        CompanyPattern("Importadora {family} y Cía.", "Importadora {family} y Cia."),
    ),
    surnames=2,
)

PORTUGUESE = Culture(
    key="portuguese",
    script="Latn",
    male=latin_pairs(
        "João|José|Antônio|Francisco|Carlos|Paulo|Pedro|Lucas|Luiz|Marcos|Gabriel|Rafael|Daniel|"
        "Marcelo|Bruno|Eduardo|Felipe|Rodrigo"
    ),
    female=latin_pairs("Maria|Ana|Francisca|Juliana|Márcia|Fernanda|Patrícia|Aline"),
    family=latin_pairs(
        "Silva|Santos|Oliveira|Souza|Rodrigues|Ferreira|Alves|Pereira|Lima|Gomes|Costa|Ribeiro|"
        "Martins|Carvalho|Almeida|Lopes|Soares|Fernandes|Vieira|Barbosa|Rocha|Dias|Nascimento|"
        "Andrade|Moreira"
    ),
    words=latin_pairs(
        "Brasil Sul|Nova Era|Estrela|Horizonte|Atlântico|Paulista|Sol Nascente|União|Aliança|"
        "Progresso|Bandeirantes|Cruzeiro|Tropical|Amazônia|Primavera|Boa Vista|Central|Real|"
        "Vitória|Mundial"
    ),
    companies=(
        CompanyPattern("{word} Importação e Comércio Ltda", "{word} Importacao e Comercio Ltda"),
        CompanyPattern(
            "{family} Comércio de Utilidades Ltda", "{family} Comercio de Utilidades Ltda"
        ),
        CompanyPattern("{word} Distribuidora Ltda", "{word} Distribuidora Ltda"),
    ),
    surnames=2,
)

TURKISH = Culture(
    key="turkish",
    script="Latn",
    male=latin_pairs(
        "Mehmet|Mustafa|Ahmet|Ali|Hüseyin|Hasan|İbrahim|İsmail|Osman|Yusuf|Murat|Ömer|Ramazan|"
        "Halil|Süleyman|Abdullah|Mahmut|Emre|Burak|Serkan"
    ),
    female=latin_pairs("Fatma|Ayşe|Emine|Hatice|Zeynep|Elif"),
    family=latin_pairs(
        "Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Yıldırım|Öztürk|Aydın|Özdemir|Arslan|Doğan|"
        "Kılıç|Aslan|Çetin|Kara|Koç|Kurt|Özkan|Şimşek|Polat|Korkmaz"
    ),
    words=latin_pairs(
        "Anadolu|Marmara|Ege|Akdeniz|Karadeniz|Yıldız|Güneş|Doğu|Özgür|Umut|Bereket|Kartal|"
        "Toros|Boğaziçi|Kapadokya|Lale|Hilal|Başak|Atlas|Yeşil"
    ),
    companies=(
        CompanyPattern("{family} Dış Ticaret Ltd. Şti.", "{family} Dis Ticaret Ltd. Sti."),
        CompanyPattern("{word} Tekstil San. ve Tic. A.Ş.", "{word} Tekstil San. ve Tic. A.S."),
        CompanyPattern("{word} İthalat İhracat Ltd. Şti.", "{word} Ithalat Ihracat Ltd. Sti."),
    ),
)

VIETNAMESE = Culture(
    key="vietnamese",
    script="Latn",
    male=latin_pairs(
        "Văn Hùng|Văn Nam|Minh Tuấn|Quốc Bảo|Đức Anh|Thanh Hải|Hoàng Long|Văn Dũng|Hữu Phước|"
        "Quang Huy|Thành Công|Anh Tuấn|Văn Thắng|Xuân Trường|Minh Châu|Đình Khoa"
    ),
    female=latin_pairs("Thị Hoa|Thị Mai|Thu Trang|Ngọc Lan|Thị Hương|Hồng Nhung|Thị Thu"),
    family=latin_pairs(
        "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Trương|Đinh|"
        "Lâm|Mai|Tạ|Châu"
    ),
    words=latin_pairs(
        "Phú Thịnh|Hoàng Gia|Thành Đạt|Minh Phát|An Khang|Việt Hưng|Sài Gòn|Phương Đông|"
        "Đại Việt|Tân Phát|Hưng Thịnh|Kim Long|Nam Á|Thiên Phú|Bảo Ngọc|Trường Thành|Hải Âu|"
        "Sao Mai|Toàn Cầu|Đông Á"
    ),
    companies=(
        CompanyPattern("Công ty TNHH Thương mại {word}", "Cong ty TNHH Thuong mai {word}"),
        CompanyPattern("Công ty TNHH Xuất nhập khẩu {word}", "Cong ty TNHH Xuat nhap khau {word}"),
        CompanyPattern("Công ty Cổ phần {word}", "Cong ty Co phan {word}"),
    ),
    family_first=True,
)

MALAY_INDONESIAN = Culture(
    key="malay_indonesian",
    script="Latn",
    male=latin_pairs(
        "Budi|Agus|Andi|Dedi|Hendra|Joko|Rudi|Slamet|Wahyu|Yusuf|Rizky|Fajar|Ahmad|Muhammad|"
        "Aziz|Faizal|Hafiz|Iwan"
    ),
    female=latin_pairs("Siti|Dewi|Sri|Putri|Ayu|Rina|Nur|Nurul"),
    family=latin_pairs(
        "Santoso|Wijaya|Saputra|Hidayat|Kurniawan|Setiawan|Pratama|Gunawan|Susanto|Halim|Tan|"
        "Lim|Siregar|Nasution|Hakim|Rahman|Ismail|Abdullah|Hassan|Ibrahim|Sutanto|Hartono"
    ),
    words=latin_pairs(
        "Sinar|Mitra|Karya|Cahaya|Bintang|Surya|Mega|Sumber|Prima|Anugerah|Berkah|Maju|Sentosa|"
        "Harapan|Bahagia|Nusantara|Mulia|Sejahtera|Gemilang|Cemerlang"
    ),
    companies=(
        CompanyPattern("PT {word} Jaya Abadi", "PT {word} Jaya Abadi", "ID"),
        CompanyPattern("CV {word} Makmur", "CV {word} Makmur", "ID"),
        CompanyPattern("{word} Trading Sdn Bhd", "{word} Trading Sdn Bhd", "MY"),
        CompanyPattern("{word} Enterprise Sdn Bhd", "{word} Enterprise Sdn Bhd", "MY"),
    ),
)

GERMAN = Culture(
    key="german",
    script="Latn",
    male=latin_pairs("Thomas|Michael|Andreas|Stefan|Markus|Jürgen|Frank|Klaus", german=True),
    female=latin_pairs("Sabine|Anja|Petra", german=True),
    family=latin_pairs(
        "Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Koch|Schäfer",
        german=True,
    ),
    words=latin_pairs("Nordstern|Rheinland|Alpen|Hansa|Elbe|Bavaria|Sonnen|Stern", german=True),
    companies=(
        CompanyPattern("{family} Handels GmbH", "{family} Handels GmbH"),
        CompanyPattern("{family} Import & Export GmbH", "{family} Import & Export GmbH"),
        CompanyPattern("{word} Großhandel GmbH", "{word} Grosshandel GmbH"),
    ),
)

FRENCH = Culture(
    key="french",
    script="Latn",
    male=latin_pairs("Jean|Pierre|Nicolas|Philippe|Laurent|François|Olivier|Stéphane"),
    female=latin_pairs("Isabelle|Nathalie|Céline"),
    family=latin_pairs(
        "Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Lefèvre|Fournier"
    ),
    words=latin_pairs("Azur|Provence|Atlantique|Étoile|Horizon|Lumière|Soleil|Avenir"),
    companies=(
        CompanyPattern("{family} Import SARL", "{family} Import SARL"),
        CompanyPattern("Ets {family} SAS", "Ets {family} SAS"),
        CompanyPattern("{word} Distribution SAS", "{word} Distribution SAS"),
    ),
)

ITALIAN = Culture(
    key="italian",
    script="Latn",
    male=latin_pairs("Marco|Giuseppe|Luca|Andrea|Francesco|Alessandro|Matteo|Stefano"),
    female=latin_pairs("Giulia|Francesca|Chiara"),
    family=latin_pairs(
        "Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo"
    ),
    words=latin_pairs("Adriatica|Tirrena|Stella|Aurora|Mediterranea|Italia|Levante|Sole"),
    companies=(
        CompanyPattern("{family} Import S.r.l.", "{family} Import S.r.l."),
        CompanyPattern("{word} Commerciale S.r.l.", "{word} Commerciale S.r.l."),
    ),
)

POLISH = Culture(
    key="polish",
    script="Latn",
    male=latin_pairs("Piotr|Krzysztof|Andrzej|Tomasz|Paweł|Michał|Marcin|Jakub"),
    female=latin_pairs("Anna|Katarzyna|Agnieszka"),
    family=latin_pairs(
        "Nowak|Kowalski|Wiśniewski|Wójcik|Kowalczyk|Kamiński|Lewandowski|Zieliński|Szymański|"
        "Woźniak|Dąbrowski|Kozłowski"
    ),
    words=latin_pairs("Orzeł|Wisła|Polonia|Bałtyk|Mazowsze|Tatry|Jantar|Gwiazda"),
    companies=(
        CompanyPattern("{family} Sp. z o.o.", "{family} Sp. z o.o."),
        CompanyPattern("{word} Import Sp. z o.o.", "{word} Import Sp. z o.o."),
    ),
    feminine="slavic",
)

BRITISH = Culture(
    key="british",
    script="Latn",
    male=latin_pairs("Oliver|James|David|Paul|Mark|Richard|Andrew|Daniel"),
    female=latin_pairs("Sarah|Emma|Claire"),
    family=latin_pairs(
        "Smith|Jones|Taylor|Brown|Williams|Wilson|Evans|Thomas|Roberts|Patel|Khan|Walker"
    ),
    words=latin_pairs("Albion|Crown|Thames|Kingsway|Britannia|Regent|Oak|Pennine"),
    companies=(
        CompanyPattern("{family} Trading Ltd", "{family} Trading Ltd"),
        CompanyPattern("{word} Imports Ltd", "{word} Imports Ltd"),
    ),
)

AMERICAN = Culture(
    key="american",
    script="Latn",
    male=latin_pairs(
        "James|John|Robert|Michael|David|William|Richard|Joseph|Daniel|Christopher|Kevin|Jason|"
        "Brian|Carlos|Anthony"
    ),
    female=latin_pairs("Jennifer|Linda|Maria|Ashley|Jessica|Emily"),
    family=latin_pairs(
        "Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Wilson|"
        "Anderson|Taylor|Thomas|Moore|Jackson|Lee|Nguyen|Kim|Cohen|Walker|Hall"
    ),
    words=latin_pairs(
        "Liberty|Eagle|Pacific|Atlantic|Sunrise|Summit|Keystone|Golden State|Lone Star|Empire|"
        "Harbor|Pioneer|Frontier|Patriot|Evergreen|Bay Area|Midwest|Heartland|Coastal|Gateway"
    ),
    companies=(
        CompanyPattern("{family} Imports LLC", "{family} Imports LLC"),
        CompanyPattern("{word} Wholesale Inc.", "{word} Wholesale Inc."),
        CompanyPattern("{word} Trading Corp.", "{word} Trading Corp."),
        CompanyPattern("{word} Discount Supply LLC", "{word} Discount Supply LLC"),
    ),
)
