/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-demo"

#include "config.h"

#include "rl-demo-data.h"

#include <string.h>

#define WORDS(name, ...) \
  static const char * const name##_v[] = { __VA_ARGS__ }; \
  const RlDemoWords _rl_demo_##name = { name##_v, G_N_ELEMENTS (name##_v) }

/* Real communes with one of their real postcodes. Big cities appear once per postcode, which
 * also makes them more likely, as they are in a real customer base. */
const RlDemoCommune _rl_demo_communes[] = {
  { "75002", "Paris" }, { "75003", "Paris" }, { "75008", "Paris" }, { "75009", "Paris" },
  { "75010", "Paris" }, { "75011", "Paris" }, { "75012", "Paris" }, { "75013", "Paris" },
  { "75014", "Paris" }, { "75015", "Paris" }, { "75017", "Paris" }, { "75018", "Paris" },
  { "75020", "Paris" },
  { "69001", "Lyon" }, { "69002", "Lyon" }, { "69003", "Lyon" }, { "69006", "Lyon" },
  { "69007", "Lyon" }, { "69009", "Lyon" },
  { "13001", "Marseille" }, { "13002", "Marseille" }, { "13006", "Marseille" },
  { "13008", "Marseille" }, { "13010", "Marseille" }, { "13015", "Marseille" },
  { "31000", "Toulouse" }, { "31100", "Toulouse" }, { "31200", "Toulouse" },
  { "31400", "Toulouse" }, { "44000", "Nantes" }, { "44100", "Nantes" }, { "44300", "Nantes" },
  { "67000", "Strasbourg" }, { "67100", "Strasbourg" }, { "67200", "Strasbourg" },
  { "33000", "Bordeaux" }, { "33100", "Bordeaux" }, { "33300", "Bordeaux" },
  { "59000", "Lille" }, { "59800", "Lille" }, { "35000", "Rennes" }, { "35200", "Rennes" },
  { "21000", "Dijon" }, { "74000", "Annecy" }, { "38000", "Grenoble" }, { "38100", "Grenoble" },
  { "06000", "Nice" }, { "06100", "Nice" }, { "06300", "Nice" },
  { "34000", "Montpellier" }, { "34070", "Montpellier" }, { "49000", "Angers" },
  { "49100", "Angers" }, { "37000", "Tours" }, { "37100", "Tours" }, { "87000", "Limoges" },
  { "63000", "Clermont-Ferrand" }, { "63100", "Clermont-Ferrand" }, { "29200", "Brest" },
  { "76000", "Rouen" }, { "76100", "Rouen" }, { "14000", "Caen" }, { "51100", "Reims" },
  { "25000", "Besançon" }, { "57000", "Metz" }, { "54000", "Nancy" }, { "64000", "Pau" },
  { "72000", "Le Mans" }, { "72100", "Le Mans" }, { "45000", "Orléans" }, { "80000", "Amiens" },
  { "66000", "Perpignan" }, { "30000", "Nîmes" }, { "13100", "Aix-en-Provence" },
  { "13090", "Aix-en-Provence" }, { "83000", "Toulon" }, { "42000", "Saint-Étienne" },
  { "76600", "Le Havre" }, { "69100", "Villeurbanne" }, { "68100", "Mulhouse" },
  { "68000", "Colmar" }, { "86000", "Poitiers" }, { "17000", "La Rochelle" },
  { "79000", "Niort" }, { "16000", "Angoulême" }, { "64100", "Bayonne" }, { "64200", "Biarritz" },
  { "84000", "Avignon" }, { "26000", "Valence" }, { "73000", "Chambéry" }, { "10000", "Troyes" },
  { "35400", "Saint-Malo" }, { "56000", "Vannes" }, { "56100", "Lorient" }, { "29000", "Quimper" },
  { "22000", "Saint-Brieuc" }, { "53000", "Laval" }, { "49300", "Cholet" },
  { "85000", "La Roche-sur-Yon" }, { "44600", "Saint-Nazaire" },
  { "50100", "Cherbourg-en-Cotentin" }, { "50000", "Saint-Lô" }, { "61000", "Alençon" },
  { "27000", "Évreux" }, { "60000", "Beauvais" }, { "60200", "Compiègne" },
  { "02100", "Saint-Quentin" }, { "02000", "Laon" }, { "62000", "Arras" }, { "62300", "Lens" },
  { "62100", "Calais" }, { "62200", "Boulogne-sur-Mer" }, { "59140", "Dunkerque" },
  { "59300", "Valenciennes" }, { "59500", "Douai" }, { "59100", "Roubaix" },
  { "59200", "Tourcoing" }, { "08000", "Charleville-Mézières" },
  { "51000", "Châlons-en-Champagne" }, { "88000", "Épinal" }, { "55000", "Bar-le-Duc" },
  { "55100", "Verdun" }, { "57100", "Thionville" }, { "90000", "Belfort" },
  { "25200", "Montbéliard" }, { "70000", "Vesoul" }, { "39000", "Lons-le-Saunier" },
  { "71000", "Mâcon" }, { "71100", "Chalon-sur-Saône" }, { "89000", "Auxerre" },
  { "58000", "Nevers" }, { "18000", "Bourges" }, { "36000", "Châteauroux" }, { "41000", "Blois" },
  { "28000", "Chartres" }, { "78000", "Versailles" }, { "92100", "Boulogne-Billancourt" },
  { "92000", "Nanterre" }, { "93200", "Saint-Denis" }, { "93100", "Montreuil" },
  { "94000", "Créteil" }, { "94400", "Vitry-sur-Seine" }, { "95100", "Argenteuil" },
  { "95000", "Cergy" }, { "91000", "Évry-Courcouronnes" }, { "77000", "Melun" },
  { "77100", "Meaux" }, { "77300", "Fontainebleau" }, { "78100", "Saint-Germain-en-Laye" },
  { "92130", "Issy-les-Moulineaux" }, { "92200", "Neuilly-sur-Seine" },
  { "92300", "Levallois-Perret" }, { "92400", "Courbevoie" }, { "92500", "Rueil-Malmaison" },
  { "94300", "Vincennes" }, { "94200", "Ivry-sur-Seine" }, { "91300", "Massy" },
  { "74100", "Annemasse" }, { "74200", "Thonon-les-Bains" }, { "73100", "Aix-les-Bains" },
  { "38200", "Vienne" }, { "01000", "Bourg-en-Bresse" }, { "42300", "Roanne" },
  { "69400", "Villefranche-sur-Saône" }, { "03200", "Vichy" }, { "03000", "Moulins" },
  { "03100", "Montluçon" }, { "15000", "Aurillac" }, { "43000", "Le Puy-en-Velay" },
  { "12000", "Rodez" }, { "81000", "Albi" }, { "81100", "Castres" }, { "82000", "Montauban" },
  { "47000", "Agen" }, { "46000", "Cahors" }, { "65000", "Tarbes" }, { "32000", "Auch" },
  { "40000", "Mont-de-Marsan" }, { "40100", "Dax" }, { "24000", "Périgueux" },
  { "24100", "Bergerac" }, { "19100", "Brive-la-Gaillarde" }, { "19000", "Tulle" },
  { "23000", "Guéret" }, { "11000", "Carcassonne" }, { "11100", "Narbonne" },
  { "34500", "Béziers" }, { "34200", "Sète" }, { "30100", "Alès" }, { "13200", "Arles" },
  { "13300", "Salon-de-Provence" }, { "13500", "Martigues" }, { "13400", "Aubagne" },
  { "05000", "Gap" }, { "04000", "Digne-les-Bains" }, { "06400", "Cannes" },
  { "06600", "Antibes" }, { "06130", "Grasse" }, { "83600", "Fréjus" },
  { "83300", "Draguignan" }, { "83400", "Hyères" }, { "20000", "Ajaccio" }, { "20200", "Bastia" },
  { "48000", "Mende" }, { "07000", "Privas" }, { "07100", "Annonay" }, { "26200", "Montélimar" },
  { "26100", "Romans-sur-Isère" }, { "84200", "Carpentras" }, { "84100", "Orange" },
  { "17100", "Saintes" }, { "17300", "Rochefort" }, { "16100", "Cognac" }, { "49400", "Saumur" },
  { "18100", "Vierzon" }, { "28100", "Dreux" }, { "89100", "Sens" }, { "14100", "Lisieux" },
  { "14400", "Bayeux" }, { "76200", "Dieppe" }, { "76400", "Fécamp" }, { "50400", "Granville" },
  { "22300", "Lannion" }, { "29600", "Morlaix" }, { "29900", "Concarneau" },
  { "29300", "Quimperlé" }, { "56300", "Pontivy" }, { "35300", "Fougères" }, { "35500", "Vitré" },
  { "67500", "Haguenau" }, { "67600", "Sélestat" }, { "67700", "Saverne" },
  { "57600", "Forbach" }, { "57200", "Sarreguemines" }, { "54300", "Lunéville" },
  { "88100", "Saint-Dié-des-Vosges" }, { "25300", "Pontarlier" }, { "39100", "Dole" },
  { "21200", "Beaune" }, { "71200", "Le Creusot" }, { "59650", "Villeneuve-d'Ascq" },
  { "59700", "Marcq-en-Barœul" }, { "74400", "Chamonix-Mont-Blanc" }, { "74120", "Megève" },
  { "85100", "Les Sables-d'Olonne" }, { "44210", "Pornic" }, { "33500", "Libourne" },
  { "33120", "Arcachon" }, { "33700", "Mérignac" }, { "33600", "Pessac" }, { "33400", "Talence" },
  { "31700", "Blagnac" }, { "31770", "Colomiers" }, { "31600", "Muret" }, { "31670", "Labège" },
  { "69500", "Bron" }, { "69200", "Vénissieux" }, { "69130", "Écully" },
  { "69760", "Limonest" }, { "69800", "Saint-Priest" }, { "38130", "Échirolles" },
  { "38240", "Meylan" }, { "38500", "Voiron" }, { "44800", "Saint-Herblain" },
  { "44400", "Rezé" }, { "35510", "Cesson-Sévigné" }, { "35170", "Bruz" },
  { "67400", "Illkirch-Graffenstaden" }, { "67300", "Schiltigheim" }, { "68170", "Rixheim" },
  { "57950", "Montigny-lès-Metz" }, { "54500", "Vandœuvre-lès-Nancy" },
  { "06560", "Valbonne" }, { "06250", "Mougins" }, { "13600", "La Ciotat" },
  { "13800", "Istres" }, { "13127", "Vitrolles" }, { "13700", "Marignane" },
  { "34170", "Castelnau-le-Lez" }, { "34970", "Lattes" }, { "34400", "Lunel" },
  { "34300", "Agde" }, { "64500", "Saint-Jean-de-Luz" }, { "64600", "Anglet" },
  { "65100", "Lourdes" }, { "09000", "Foix" }, { "09100", "Pamiers" }, { "12100", "Millau" },
  { "46100", "Figeac" }, { "24200", "Sarlat-la-Canéda" }, { "17200", "Royan" },
  { "79100", "Thouars" }, { "79200", "Parthenay" }, { "86100", "Châtellerault" },
  { "36100", "Issoudun" }, { "41100", "Vendôme" }, { "41200", "Romorantin-Lanthenay" },
  { "45200", "Montargis" }, { "37400", "Amboise" }, { "37500", "Chinon" }, { "37600", "Loches" },
  { "72300", "Sablé-sur-Sarthe" }, { "72200", "La Flèche" }, { "53100", "Mayenne" },
  { "61100", "Flers" }, { "61200", "Argentan" }, { "14600", "Honfleur" },
  { "14800", "Deauville" }, { "76500", "Elbeuf" }, { "76190", "Yvetot" }, { "27200", "Vernon" },
  { "27400", "Louviers" }, { "80100", "Abbeville" }, { "80200", "Péronne" },
  { "02200", "Soissons" }, { "02400", "Château-Thierry" }, { "51200", "Épernay" },
  { "51300", "Vitry-le-François" }, { "52000", "Chaumont" }, { "52100", "Saint-Dizier" },
  { "52200", "Langres" }, { "08200", "Sedan" }, { "08300", "Rethel" },
};
const guint _rl_demo_n_communes = G_N_ELEMENTS (_rl_demo_communes);

const RlDemoForeignPlace _rl_demo_foreign_places[] = {
  { "BE", "1000", "Bruxelles", "+32 2", "Avenue Louise" },
  { "BE", "2000", "Antwerpen", "+32 3", "Meir" },
  { "BE", "4000", "Liège", "+32 4", "Boulevard d'Avroy" },
  { "BE", "9000", "Gent", "+32 9", "Kouter" },
  { "BE", "5000", "Namur", "+32 81", "Rue de Fer" },
  { "BE", "8000", "Brugge", "+32 50", "Steenstraat" },
  { "CH", "1204", "Genève", "+41 22", "Rue du Rhône" },
  { "CH", "1003", "Lausanne", "+41 21", "Avenue de la Gare" },
  { "CH", "8001", "Zürich", "+41 44", "Bahnhofstrasse" },
  { "CH", "4051", "Basel", "+41 61", "Freie Strasse" },
  { "CH", "3011", "Bern", "+41 31", "Spitalgasse" },
  { "CH", "6900", "Lugano", "+41 91", "Via Nassa" },
  { "GB", "EC2V 7HH", "London", "+44 20", "Gresham Street" },
  { "GB", "M1 1AE", "Manchester", "+44 161", "Market Street" },
  { "GB", "B1 2JB", "Birmingham", "+44 121", "Broad Street" },
  { "GB", "BS1 1JQ", "Bristol", "+44 117", "Corn Street" },
  { "GB", "LS1 5AB", "Leeds", "+44 113", "Park Row" },
  { "GB", "EH1 1SR", "Edinburgh", "+44 131", "High Street" },
};
const guint _rl_demo_n_foreign_places = G_N_ELEMENTS (_rl_demo_foreign_places);

const RlDemoBank _rl_demo_banks[] = {
  { "30004", "BNPAFRPP" },  /* BNP Paribas */
  { "30003", "SOGEFRPP" },  /* Société Générale */
  { "30002", "CRLYFRPP" },  /* LCL */
  { "30066", "CMCIFRPP" },  /* CIC */
  { "20041", "PSSTFRPP" },  /* La Banque Postale */
  { "10278", "CMCIFR2A" },  /* Crédit Mutuel */
};
const guint _rl_demo_n_banks = G_N_ELEMENTS (_rl_demo_banks);

WORDS (surnames,
  "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
  "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
  "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
  "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
  "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
  "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval",
  "Denis", "Dumont", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard",
  "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez",
  "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard",
  "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe",
  "Bourgeois", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume",
  "Lecomte", "Lopez", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez",
  "Dupuis", "Moulin", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer",
  "Klein", "Jacquet", "Adam", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Renault",
  "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider",
  "Fernandez", "Le Gall", "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet",
  "Perrot", "Daniel", "Le Roux", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy",
  "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal",
  "Weber", "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez",
  "Guichard", "Gillet", "Étienne", "Grondin", "Poulain", "Tessier", "Chevallier", "Collin",
  "Chauvin", "Da Silva", "Bouchet", "Gay", "Lemaître", "Bénard", "Maréchal", "Humbert",
  "Reynaud", "Antoine", "Hoarau", "Perret", "Barthélemy", "Cordier", "Pichon", "Lejeune",
  "Gilbert", "Lamy", "Delaunay", "Pasquier", "Carlier", "Laporte");

WORDS (female_names,
  "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Sophie", "Christine", "Valérie",
  "Sandrine", "Claire", "Julie", "Camille", "Émilie", "Céline", "Aurélie", "Laure", "Anne",
  "Hélène", "Élodie", "Chloé", "Léa", "Manon", "Inès", "Sarah", "Pauline", "Amandine",
  "Caroline", "Virginie", "Stéphanie", "Nadia", "Fatima", "Agnès");

WORDS (male_names,
  "Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "Christophe", "Laurent",
  "Frédéric", "Stéphane", "David", "Julien", "Thomas", "Sébastien", "Olivier", "Éric",
  "François", "Antoine", "Mathieu", "Vincent", "Guillaume", "Romain", "Maxime", "Hugo",
  "Lucas", "Karim", "Mehdi", "Patrick", "Bruno", "Yann", "Jérôme", "Gilles");

/* Trades read well before a surname ("Boulangerie Martin") and before a place ("Menuiserie
 * du Rhône"). */
WORDS (trades,
  "Boulangerie", "Pâtisserie", "Boucherie", "Charcuterie", "Menuiserie", "Charpente",
  "Maçonnerie", "Plomberie", "Électricité", "Chauffage", "Couverture", "Peinture",
  "Carrosserie", "Garage", "Transports", "Imprimerie", "Pharmacie", "Fromagerie",
  "Quincaillerie", "Serrurerie", "Ferronnerie", "Métallerie", "Jardinerie", "Pépinières",
  "Cave", "Librairie", "Optique", "Bijouterie", "Ambulances", "Taxis", "Terrassement",
  "Agencement", "Informatique", "Nettoyage", "Déménagements", "Traiteur", "Scierie",
  "Tonnellerie", "Minoterie", "Tôlerie", "Usinage", "Mécanique", "Chaudronnerie",
  "Signalétique", "Atelier", "Laboratoire", "Studio", "Distillerie", "Vins", "Cycles",
  "Matériaux", "Isolation", "Vitrerie", "Climatisation", "Fleurs", "Auto-école");

WORDS (places,
  "du Rhône", "de la Loire", "des Alpes", "de Provence", "du Littoral", "de la Vallée",
  "du Centre", "de l'Ouest", "du Val de Loire", "des Flandres", "de Bourgogne", "d'Armor",
  "du Lac", "de la Gare", "du Port", "des Trois Rivières", "du Vercors", "de Gascogne",
  "du Jura", "de la Côte", "du Morvan", "des Vosges", "du Périgord", "de l'Estuaire",
  "du Marais", "de Savoie", "du Pays Basque", "de la Plaine", "des Cévennes", "du Velay");

WORDS (hospitality,
  "Hôtel", "Restaurant", "Brasserie", "Café", "Camping", "Auberge", "Bistrot", "Crêperie");

WORDS (brand_heads,
  "Alpi", "Armor", "Atlan", "Bati", "Bio", "Breiz", "Cap", "Digi", "Eco", "Euro", "Flexi",
  "Gallo", "Helio", "Hydro", "Indus", "Info", "Logi", "Medi", "Neo", "Nova", "Occi", "Opti",
  "Prima", "Provi", "Rhoda", "Sequa", "Tech", "Terra", "Vali", "Ventu");

WORDS (brand_tails,
  "tech", "sud", "nord", "est", "ouest", "com", "pro", "vert", "plast", "bat", "log", "lux",
  "med", "net", "sys", "via", "dis", "trans", "concept", "nov");

WORDS (activities,
  "Services", "Industrie", "Distribution", "Conseil", "Solutions", "Environnement",
  "Ingénierie", "France", "Équipements", "Bâtiment", "Logistique", "Négoce");

WORDS (street_kinds,
  "rue", "rue", "rue", "rue", "rue", "avenue", "avenue", "boulevard", "place", "impasse",
  "chemin", "allée", "route", "quai", "cours");

WORDS (street_names,
  "de la République", "Victor Hugo", "Jean Jaurès", "du Général de Gaulle", "Pasteur",
  "de la Gare", "des Lilas", "du Moulin", "de l'Église", "Gambetta", "Voltaire", "Jean Moulin",
  "de la Paix", "des Écoles", "du Stade", "des Acacias", "du Château", "Émile Zola",
  "de Verdun", "Carnot", "Foch", "de la Liberté", "des Tilleuls", "du Port", "de Paris",
  "du 8 Mai 1945", "du 11 Novembre", "Anatole France", "Georges Clemenceau", "Aristide Briand",
  "des Prés", "des Vignes", "du Commerce", "Saint-Martin", "de la Fontaine", "des Peupliers",
  "des Roses", "du Maréchal Leclerc", "Albert Camus", "Marcel Pagnol", "des Cerisiers",
  "de la Mairie", "du Lavoir", "des Chênes", "Nationale", "Sadi Carnot", "Jules Ferry",
  "Louis Blériot", "Jean Monnet", "des Marronniers");

WORDS (zones,
  "ZA des Prés", "ZI Nord", "ZI du Moulin", "ZAC de la Gare", "Parc d'activités des Chênes",
  "ZA du Bois", "Zone artisanale des Vignes", "ZI Sud", "Parc technologique",
  "Espace Entreprises", "ZA de la Croix Blanche", "Immeuble Le Central", "Bâtiment B");

WORDS (zone_streets,
  "allée des Artisans", "rue de l'Industrie", "rue des Entrepreneurs", "avenue de l'Europe",
  "rue Ampère", "rue Gustave Eiffel", "allée Lavoisier", "rue Denis Papin", "rue Thomas Edison",
  "rue des Métiers", "rue Marie Curie", "impasse des Forges");

WORDS (foreign_heads,
  "Northbridge", "Bluewater", "Kingsway", "Harbour", "Redstone", "Greenfield", "Silverline",
  "Oakwood", "Alpine", "Lakeside", "Brabant", "Meuse", "Helvetic", "Lighthouse", "Westgate");

WORDS (foreign_nouns,
  "Trading", "Logistics", "Components", "Engineering", "Foods", "Systems", "Supplies",
  "Consulting", "Imports", "Retail");

WORDS (roles,
  "Comptabilité", "Service achats", "Direction", "Gérance", "Responsable comptable",
  "Secrétariat", "Direction financière", "Assistante de direction");

WORDS (mail_providers,
  "orange.fr", "gmail.com", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr", "hotmail.fr",
  "yahoo.fr");

WORDS (notes,
  "Préfère être relancé par téléphone.", "Comptable absente le mercredi.",
  "Envoyer les factures en double exemplaire.", "Bon de commande obligatoire sur les factures.",
  "Paie par virement groupé en fin de mois.", "Client historique, relances courtoises.",
  "Changement de gérant en cours.", "Adresse de facturation différente du siège.");

/* Identifiers */

guint
_rl_demo_luhn_key (guint32 body)
{
  char digits[9];
  guint sum = 0;

  g_snprintf (digits, sizeof digits, "%08u", body);
  /* With the key as the 9th digit, the digits doubled are the 2nd, 4th, 6th and 8th. */
  for (int i = 0; i < 8; i++)
    {
      guint d = (guint) (digits[i] - '0');

      if (i % 2 == 1)
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
  return (10 - sum % 10) % 10;
}

void
_rl_demo_vat_fr (const char *siren,
                 char        out[14])
{
  guint64 n = g_ascii_strtoull (siren, NULL, 10);
  guint key = (guint) ((12 + 3 * (n % 97)) % 97);

  g_snprintf (out, 14, "FR%02u%s", key, siren);
}

/* The remainder modulo 97 of the number an IBAN stands for once its first four characters are
 * moved to the end and its letters are replaced by 10..35. */
static guint
iban_mod97 (const char *rearranged)
{
  guint r = 0;

  for (const char *p = rearranged; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        r = (r * 10 + (guint) (*p - '0')) % 97;
      else if (g_ascii_isalpha (*p))
        r = (r * 100 + (guint) (g_ascii_toupper (*p) - 'A' + 10)) % 97;
    }
  return r;
}

void
_rl_demo_iban (const char *country,
               const char *bban,
               char       *out)
{
  char buf[40];

  g_snprintf (buf, sizeof buf, "%s%s00", bban, country);
  g_snprintf (out, 35, "%s%02u%s", country, 98 - iban_mod97 (buf), bban);
}

gboolean
_rl_demo_iban_is_valid (const char *iban)
{
  char buf[40];
  gsize len = strlen (iban);

  if (len < 5 || len > 34)
    return FALSE;
  g_snprintf (buf, sizeof buf, "%s%.4s", iban + 4, iban);
  return iban_mod97 (buf) == 1;
}

guint
_rl_demo_rib_key (guint32 bank,
                  guint32 branch,
                  guint64 account)
{
  guint64 r = (89 * (guint64) bank + 15 * (guint64) branch + 3 * account) % 97;

  return (guint) (97 - r);
}

int
_rl_demo_phone_zone (const char *postcode)
{
  /* Indexed by département: 01 Île-de-France, 02 north-west, 03 north-east, 04 south-east,
   * 05 south-west. */
  static const char zones[] =
    "043444443534542455254325534222455542224352442255422332332333323455433433244121153554425533"
    "311111";
  int dept;

  if (postcode == NULL || !g_ascii_isdigit (postcode[0]) || !g_ascii_isdigit (postcode[1]))
    return 1;
  dept = (postcode[0] - '0') * 10 + (postcode[1] - '0');
  if (dept < 1 || dept >= (int) sizeof zones - 1)
    return 1;
  return zones[dept] - '0';
}

/* Amounts */

/* A standard normal draw × 4096 (Irwin–Hall: twelve uniforms), in integers only. */
static int
rng_normal (RlDemoRng *r)
{
  int sum = 0;

  for (int i = 0; i < 12; i++)
    sum += (int) (_rl_demo_rng_next (r) >> 52);
  return sum - 6 * 4096;
}

/* Log-normal amount in cents: log10 (euros) ~ N(mu, sigma), both × 1000, in integers. */
RlCents
_rl_demo_draw_cents (RlDemoRng *r,
                     int        mu,
                     int        sigma)
{
  /* 10^(k/20) × 10^6 */
  static const gint64 mantissa[21] = {
    1000000, 1122018, 1258925, 1412538, 1584893, 1778279, 1995262, 2238721, 2511886, 2818383,
    3162278, 3548134, 3981072, 4466836, 5011872, 5623413, 6309573, 7079458, 7943282, 8912509,
    10000000,
  };
  gint64 l = mu + 2000 + (gint64) sigma * rng_normal (r) / 4096;
  gint64 scale = 1, m;
  int k, rest;

  l = CLAMP (l, 2000, 8000);   /* 1 € to 1 000 000 € */
  for (int d = 0; d < l / 1000; d++)
    scale *= 10;
  k = (int) (l % 1000) / 50;
  rest = (int) (l % 1000) % 50;
  m = k == 20 ? mantissa[20] : mantissa[k] + (mantissa[k + 1] - mantissa[k]) * rest / 50;
  return MAX (scale * m / 1000000, 100);
}

/* Identities */

const char *
_rl_demo_rng_word (RlDemoRng         *r,
                   const RlDemoWords *words)
{
  return words->v[_rl_demo_rng_below (r, words->n)];
}

void
_rl_demo_slug (const char *text,
               char        sep,
               char       *out,
               gsize       size)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  gsize n = 0;

  for (const char *p = ascii; *p != '\0' && n + 1 < size; p++)
    {
      if (g_ascii_isalnum (*p))
        out[n++] = g_ascii_tolower (*p);
      else if (sep != '\0' && n > 0 && out[n - 1] != sep)
        out[n++] = sep;
    }
  while (n > 0 && out[n - 1] == sep)
    n--;
  out[n] = '\0';
}

void
_rl_demo_draw_siren (RlDemoRng  *r,
                     GHashTable *sirens,
                     char        out[10])
{
  guint32 body;

  do
    body = (guint32) _rl_demo_rng_range (r, 30000000, 99999999);
  while (g_hash_table_contains (sirens, GUINT_TO_POINTER (body)));
  g_hash_table_add (sirens, GUINT_TO_POINTER (body));
  g_snprintf (out, 10, "%08u%u", body, _rl_demo_luhn_key (body));
}

void
_rl_demo_draw_french_iban (RlDemoRng  *r,
                           const char *bank_code,
                           char        out[35])
{
  guint32 bank = (guint32) g_ascii_strtoull (bank_code, NULL, 10);
  guint32 branch = (guint32) _rl_demo_rng_range (r, 100, 99999);
  guint64 account = (guint64) _rl_demo_rng_range (r, 1, 999999) * 100000
                    + (guint64) _rl_demo_rng_range (r, 0, 99999);
  char bban[32];

  g_snprintf (bban, sizeof bban, "%05u%05u%011" G_GUINT64_FORMAT "%02u", bank, branch, account,
              _rl_demo_rib_key (bank, branch, account));
  _rl_demo_iban ("FR", bban, out);
}

void
_rl_demo_draw_phone (RlDemoRng  *r,
                     const char *postcode,
                     gboolean    mobile,
                     char        out[24])
{
  int zone = mobile ? _rl_demo_rng_range (r, 6, 7) : _rl_demo_phone_zone (postcode);

  g_snprintf (out, 24, "0%d %02d %02d %02d %02d", zone, _rl_demo_rng_range (r, 10, 99),
              _rl_demo_rng_range (r, 0, 99), _rl_demo_rng_range (r, 0, 99),
              _rl_demo_rng_range (r, 0, 99));
}

static void
draw_street (RlDemoRng *r,
             char      *out,
             gsize      size)
{
  int number = _rl_demo_rng_chance (r, 800) ? _rl_demo_rng_range (r, 1, 60)
                                            : _rl_demo_rng_range (r, 61, 240);

  g_snprintf (out, size, "%d%s %s %s", number, _rl_demo_rng_chance (r, 30) ? " bis" : "",
              _rl_demo_rng_word (r, &_rl_demo_street_kinds),
              _rl_demo_rng_word (r, &_rl_demo_street_names));
}

/* A French business name, without (@base) and with (@name) its legal form. */
static void
draw_business_name (RlDemoRng *r,
                    char       base[128],
                    char       name[160])
{
  static const char * const forms[] = { "SARL", "SAS", "SARL", "SAS", "SAS", "EURL", "SASU",
                                        "SA", "SNC" };
  const char *form = NULL;
  const char *surname = _rl_demo_rng_word (r, &_rl_demo_surnames);
  const char *trade = _rl_demo_rng_word (r, &_rl_demo_trades);
  const char *place = _rl_demo_rng_word (r, &_rl_demo_places);
  int t = _rl_demo_rng_range (r, 0, 99);

  if (t < 34)
    {
      g_snprintf (base, 128, "%s %s", trade, surname);
      if (_rl_demo_rng_chance (r, 550))
        form = forms[_rl_demo_rng_below (r, G_N_ELEMENTS (forms))];
    }
  else if (t < 48)
    {
      g_snprintf (base, 128, "%s %s", trade, place);
      if (_rl_demo_rng_chance (r, 700))
        form = forms[_rl_demo_rng_below (r, 5)];
    }
  else if (t < 56)
    {
      g_snprintf (base, 128, "%s %s et Fils",
                  _rl_demo_rng_chance (r, 300) ? "Établissements" : trade, surname);
      form = _rl_demo_rng_chance (r, 400) ? "SARL" : NULL;
    }
  else if (t < 60)
    {
      g_snprintf (base, 128, "Ets %s Frères", surname);
      form = _rl_demo_rng_chance (r, 500) ? "SA" : NULL;
    }
  else if (t < 68)
    {
      const char *other = _rl_demo_rng_word (r, &_rl_demo_surnames);

      switch (_rl_demo_rng_below (r, 4))
        {
        case 0:
          g_snprintf (base, 128, "Cabinet %s", surname);
          break;
        case 1:
          g_snprintf (base, 128, "Cabinet %s & Associés", surname);
          break;
        case 2:
          g_snprintf (base, 128, "SCP %s-%s", surname, other);
          break;
        default:
          g_snprintf (base, 128, "Étude %s", surname);
        }
    }
  else if (t < 88)
    {
      const char *head = _rl_demo_rng_word (r, &_rl_demo_brand_heads);
      const char *tail = _rl_demo_rng_word (r, &_rl_demo_brand_tails);

      if (_rl_demo_rng_chance (r, 500))
        g_snprintf (base, 128, "%s%s %s", head, tail,
                    _rl_demo_rng_word (r, &_rl_demo_activities));
      else
        g_snprintf (base, 128, "%s%s", head, tail);
      form = forms[_rl_demo_rng_below (r, 5)];
    }
  else
    {
      const char *kind = _rl_demo_rng_word (r, &_rl_demo_hospitality);

      if (_rl_demo_rng_chance (r, 600))
        g_snprintf (base, 128, "%s %s", kind, place);
      else
        g_snprintf (base, 128, "%s Chez %s", kind, surname);
      form = _rl_demo_rng_chance (r, 500) ? "SARL" : NULL;
    }
  if (form != NULL)
    g_snprintf (name, 160, "%s %s", base, form);
  else
    g_snprintf (name, 160, "%s", base);
}

static void
draw_business (RlDemoRng      *r,
               GHashTable     *sirens,
               RlDemoIdentity *id)
{
  static const char * const locals[] = { "contact", "compta", "comptabilite", "factures", "info",
                                         "accueil", "administration" };
  const char *local = locals[_rl_demo_rng_below (r, G_N_ELEMENTS (locals))];
  char base[128], slug[64];

  draw_business_name (r, base, id->name);
  _rl_demo_slug (base, '-', slug, sizeof slug);
  g_snprintf (id->domain, sizeof id->domain, "%s.%s", slug,
              _rl_demo_rng_chance (r, 800) ? "fr" : "com");
  _rl_demo_draw_siren (r, sirens, id->siren);
  _rl_demo_vat_fr (id->siren, id->vat_number);
  if (_rl_demo_rng_chance (r, 100))
    g_snprintf (id->email, sizeof id->email, "%s@%s, direction@%s", local, id->domain,
                id->domain);
  else
    g_snprintf (id->email, sizeof id->email, "%s@%s", local, id->domain);
  _rl_demo_draw_phone (r, id->postcode, _rl_demo_rng_chance (r, 150), id->phone);
  if (_rl_demo_rng_chance (r, 220))
    {
      /* A business park first, then the street in it. */
      g_strlcpy (id->address1, _rl_demo_rng_word (r, &_rl_demo_zones), sizeof id->address1);
      g_snprintf (id->address2, sizeof id->address2, "%d %s", _rl_demo_rng_range (r, 1, 40),
                  _rl_demo_rng_word (r, &_rl_demo_zone_streets));
    }
  else
    draw_street (r, id->address1, sizeof id->address1);
}

static void
draw_consumer (RlDemoRng      *r,
               RlDemoIdentity *id)
{
  gboolean female = _rl_demo_rng_chance (r, 520);
  const char *first = _rl_demo_rng_word (r, female ? &_rl_demo_female_names
                                                   : &_rl_demo_male_names);
  const char *last = _rl_demo_rng_word (r, &_rl_demo_surnames);
  const char *provider = _rl_demo_rng_word (r, &_rl_demo_mail_providers);
  char f[32], l[48];

  g_snprintf (id->name, sizeof id->name, "%s %s %s", female ? "Mme" : "M.", first, last);
  _rl_demo_slug (first, '-', f, sizeof f);
  _rl_demo_slug (last, '-', l, sizeof l);
  if (_rl_demo_rng_chance (r, 400))
    g_snprintf (id->email, sizeof id->email, "%s.%s%02d@%s", f, l,
                _rl_demo_rng_range (r, 1, 99), provider);
  else
    g_snprintf (id->email, sizeof id->email, "%s.%s@%s", f, l, provider);
  _rl_demo_draw_phone (r, id->postcode, _rl_demo_rng_chance (r, 700), id->phone);
  draw_street (r, id->address1, sizeof id->address1);
}

static void
draw_foreign (RlDemoRng      *r,
              RlDemoIdentity *id)
{
  const RlDemoForeignPlace *p =
    &_rl_demo_foreign_places[_rl_demo_rng_below (r, _rl_demo_n_foreign_places)];
  const char *head = _rl_demo_rng_word (r, &_rl_demo_foreign_heads);
  const char *noun = _rl_demo_rng_word (r, &_rl_demo_foreign_nouns);
  gboolean uk = strcmp (p->country, "GB") == 0;
  char bban[32], words[64], slug[64];

  if (strcmp (p->country, "BE") == 0)
    {
      /* Enterprise number and account number both end with a mod-97 key. */
      guint32 n = (guint32) _rl_demo_rng_range (r, 2000000, 9999999);
      guint32 account = (guint32) _rl_demo_rng_range (r, 100, 9999999);
      guint key = (guint) ((G_GUINT64_CONSTANT (5390000000) + account) % 97);

      g_snprintf (id->name, sizeof id->name, "%s %s %s", head, noun,
                  _rl_demo_rng_chance (r, 500) ? "SRL" : "NV");
      g_snprintf (id->vat_number, sizeof id->vat_number, "BE0%07u%02u", n, 97 - n % 97);
      g_snprintf (bban, sizeof bban, "539%07u%02u", account, key ? key : 97);
    }
  else if (!uk)
    {
      g_snprintf (id->name, sizeof id->name, "%s %s %s", head, noun,
                  _rl_demo_rng_chance (r, 500) ? "AG" : "SA");
      g_snprintf (id->vat_number, sizeof id->vat_number, "CHE-%03d.%03d.%03d TVA",
                  _rl_demo_rng_range (r, 100, 999), _rl_demo_rng_range (r, 0, 999),
                  _rl_demo_rng_range (r, 0, 999));
      g_snprintf (bban, sizeof bban, "00762%06d%06d", _rl_demo_rng_range (r, 0, 999999),
                  _rl_demo_rng_range (r, 0, 999999));
    }
  else
    {
      g_snprintf (id->name, sizeof id->name, "%s %s Ltd", head, noun);
      g_snprintf (id->vat_number, sizeof id->vat_number, "GB%09d",
                  _rl_demo_rng_range (r, 100000000, 999999999));
      g_snprintf (bban, sizeof bban, "NWBK%06d%08d", _rl_demo_rng_range (r, 100000, 999999),
                  _rl_demo_rng_range (r, 10000000, 99999999));
    }
  _rl_demo_iban (p->country, bban, id->iban);
  g_snprintf (words, sizeof words, "%s %s", head, noun);
  _rl_demo_slug (words, '-', slug, sizeof slug);
  g_snprintf (id->domain, sizeof id->domain, "%s.%s", slug,
              uk ? "co.uk" : p->country[0] == 'B' ? "be" : "ch");
  g_snprintf (id->email, sizeof id->email, "accounts@%s", id->domain);
  if (uk)
    g_snprintf (id->phone, sizeof id->phone, "%s %03d %04d", p->phone_prefix,
                _rl_demo_rng_range (r, 200, 999), _rl_demo_rng_range (r, 0, 9999));
  else
    g_snprintf (id->phone, sizeof id->phone, "%s %03d %02d %02d", p->phone_prefix,
                _rl_demo_rng_range (r, 200, 999), _rl_demo_rng_range (r, 0, 99),
                _rl_demo_rng_range (r, 0, 99));
  if (uk)
    g_snprintf (id->address1, sizeof id->address1, "%d %s", _rl_demo_rng_range (r, 1, 120),
                p->street);
  else
    g_snprintf (id->address1, sizeof id->address1, "%s %d", p->street,
                _rl_demo_rng_range (r, 1, 120));
  id->postcode = p->postcode;
  id->city = p->city;
  id->country = p->country;
  id->language = "en";
}

void
_rl_demo_draw_identity (RlDemoRng      *r,
                        RlDemoKind      kind,
                        GHashTable     *sirens,
                        RlDemoIdentity *id)
{
  const RlDemoCommune *commune;

  memset (id, 0, sizeof *id);
  if (kind == RL_DEMO_FOREIGN)
    {
      draw_foreign (r, id);
      return;
    }
  commune = &_rl_demo_communes[_rl_demo_rng_below (r, _rl_demo_n_communes)];
  id->postcode = commune->postcode;
  id->city = commune->city;
  id->country = "FR";
  id->language = "fr";
  _rl_demo_draw_french_iban (r, _rl_demo_banks[_rl_demo_rng_below (r, _rl_demo_n_banks)].code,
                             id->iban);
  if (kind == RL_DEMO_CONSUMER)
    draw_consumer (r, id);
  else
    draw_business (r, sirens, id);
}

void
_rl_demo_draw_contact (RlDemoRng   *r,
                       const char  *domain,
                       char         name[96],
                       const char **role,
                       char         email[160],
                       char         phone[24])
{
  gboolean female = _rl_demo_rng_chance (r, 550);
  const char *first = _rl_demo_rng_word (r, female ? &_rl_demo_female_names
                                                   : &_rl_demo_male_names);
  const char *last = _rl_demo_rng_word (r, &_rl_demo_surnames);
  char initial[2], surname[48];

  g_snprintf (name, 96, "%s %s %s", female ? "Mme" : "M.", first, last);
  _rl_demo_slug (first, '\0', initial, sizeof initial);
  _rl_demo_slug (last, '\0', surname, sizeof surname);
  g_snprintf (email, 160, "%s.%s@%s", initial, surname, domain);
  *role = _rl_demo_rng_word (r, &_rl_demo_roles);
  _rl_demo_draw_phone (r, NULL, TRUE, phone);
}

void
_rl_demo_draw_company (RlDemoRng  *r,
                       GHashTable *sirens,
                       RlCompany  *c)
{
  const RlDemoCommune *place = &_rl_demo_communes[_rl_demo_rng_below (r, _rl_demo_n_communes)];
  const RlDemoBank *bank = &_rl_demo_banks[_rl_demo_rng_below (r, _rl_demo_n_banks)];
  char base[128], slug[64], siren[10], vat[14], iban[35], phone[24];

  g_snprintf (base, sizeof base, "%s%s %s", _rl_demo_rng_word (r, &_rl_demo_brand_heads),
              _rl_demo_rng_word (r, &_rl_demo_brand_tails),
              _rl_demo_rng_word (r, &_rl_demo_activities));
  _rl_demo_slug (base, '-', slug, sizeof slug);
  c->name = g_strdup_printf ("%s SAS", base);
  c->address1 = g_strdup (_rl_demo_rng_word (r, &_rl_demo_zones));
  c->address2 = g_strdup_printf ("%d %s", _rl_demo_rng_range (r, 1, 40),
                                 _rl_demo_rng_word (r, &_rl_demo_zone_streets));
  c->postcode = g_strdup (place->postcode);
  c->city = g_strdup (place->city);
  c->country = g_strdup ("FR");
  _rl_demo_draw_siren (r, sirens, siren);
  c->siren = g_strdup (siren);
  _rl_demo_vat_fr (siren, vat);
  c->vat_number = g_strdup (vat);
  _rl_demo_draw_french_iban (r, bank->code, iban);
  c->iban = g_strdup (iban);
  c->bic = g_strdup (bank->bic);
  c->email = g_strdup_printf ("compta@%s.fr", slug);
  _rl_demo_draw_phone (r, place->postcode, FALSE, phone);
  c->phone = g_strdup (phone);
  c->currency = g_strdup ("EUR");
  c->language = g_strdup ("fr");
  c->payment_terms_days = 30;
}
