# Public services: catalog pages, questions, documents, refusal reasons.

## Free and subsidised school meals

services-meals-title = Мектепте тегін және жеңілдетілген тамақ
services-meals-official-name = Жалпы білім беретін мектептердегі білім алушылар мен тәрбиеленушілердің жекелеген санаттарына тегін және жеңілдетілген тамақ беру
services-meals-summary = Қолдауға құқығы бар отбасылардың оқушыларына мектепте тегін ыстық тамақ.
services-meals-eligibility =
    Тегін және жеңілдетілген тамаққа 1–11-сынып оқушылары құқылы:
    • атаулы әлеуметтік көмек (АӘК) алатын отбасылардың балалары;
    • АӘК алмайтын, жан басына шаққандағы табысы ең төмен күнкөріс деңгейінен төмен аз қамтылған отбасылардың балалары;
    • жетім балалар және ата-анасының қамқорлығынсыз қалған балалар;
    • көпбалалы отбасылардың балалары;
    • мүгедектігі бар балалар;
    • төтенше жағдайдан зардап шеккен отбасылардың балалары.
services-meals-documents =
    Мынадай құжаттар қажет:
    • баланың туу туралы куәлігі (фото немесе PDF);
    • санатты растайтын құжат: АӘК тағайындалғаны туралы анықтама, отбасы табысы туралы мәліметтер, қорғаншылық және қамқоршылық органының шешімі, көпбалалы отбасы мәртебесін растайтын құжат, баланың мүгедектігі туралы анықтама немесе төтенше жағдай туралы құжат.
services-meals-term = Қарау мерзімі — өтініш мектепте тіркелген күннен бастап 5 жұмыс күні.
services-meals-result = Тегін және жеңілдетілген тамақ алатын білім алушылар тізіміне енгізу туралы анықтама немесе дәлелді бас тарту. Жауап осы чатқа келеді.
services-meals-how-to-apply = Қызметті таңдап, боттың сұрақтарына жауап беріңіз, құжаттардың фотосын жүктеп, өтінішке ЭЦҚ-мен қол қойыңыз (немесе қол қойылған қағаз өтініштің фотосын жіберіңіз). Мектеп өтінішті тіркейді, әр қадам туралы осында хабарлаймыз.

services-meals-field-category = Бала қай санатқа жатады?
services-meals-field-category-hint = Бір санатты таңдаңыз — оны растайтын құжат қажет болады.
services-meals-label-category = Білім алушының санаты
services-meals-category-asp = Отбасы АӘК алады
services-meals-category-low-income = АӘК алмайтын аз қамтылған отбасы
services-meals-category-orphan = Жетім немесе ата-ана қамқорлығынсыз қалған бала
services-meals-category-large-family = Көпбалалы отбасы
services-meals-category-disability = Мүгедектігі бар бала
services-meals-category-emergency = Отбасы төтенше жағдайдан зардап шекті
services-meals-category-asp-official = Атаулы әлеуметтік көмек алатын отбасылардың балалары
services-meals-category-low-income-official = Атаулы әлеуметтік көмек алмайтын, жан басына шаққандағы орташа табысы ең төмен күнкөріс деңгейінен төмен отбасылардың балалары
services-meals-category-orphan-official = Жетім балалар және ата-анасының қамқорлығынсыз қалған балалар
services-meals-category-large-family-official = Көпбалалы отбасылардың балалары
services-meals-category-disability-official = Мүгедектігі бар балалар
services-meals-category-emergency-official = Төтенше жағдайлар салдарынан шұғыл көмекті қажет ететін отбасылардың балалары

services-meals-doc-birth-certificate = Баланың туу туралы куәлігі
services-meals-doc-birth-certificate-hint = Куәліктің барлық деректері көрінетіндей етіп толық суретке түсіріңіз немесе PDF жіберіңіз.
services-meals-doc-asp-certificate = Атаулы әлеуметтік көмек тағайындалғаны туралы анықтама
services-meals-doc-asp-certificate-hint = Анықтаманы жұмыспен қамту және әлеуметтік бағдарламалар бөлімі береді; оны egov.kz порталынан да алуға болады.
services-meals-doc-income-statement = Отбасы мүшелерінің табысы туралы мәліметтер
services-meals-doc-income-statement-hint = Отбасының әр жұмыс істейтін мүшесінің соңғы үш айдағы табысы туралы анықтамалар.
services-meals-doc-guardianship-decision = Қорғаншылық және қамқоршылық органының шешімі
services-meals-doc-guardianship-decision-hint = Қорғаншылық (қамқоршылық) белгілеу немесе баланы патронаттық не қабылдаушы отбасына беру туралы шешім.
services-meals-doc-large-family-certificate = Көпбалалы отбасы мәртебесін растайтын құжат
services-meals-doc-large-family-certificate-hint = Көпбалалы отбасы туралы анықтама немесе кәмелетке толмаған барлық балалардың туу туралы куәліктері.
services-meals-doc-disability-certificate = Баланың мүгедектігі туралы анықтама
services-meals-doc-disability-certificate-hint = Мүгедектікті белгілеу туралы медициналық-әлеуметтік сараптама анықтамасы.
services-meals-doc-emergency-certificate = Төтенше жағдай туралы құжат
services-meals-doc-emergency-certificate-hint = Отбасының зардап шеккенін растайтын әкімдіктің немесе төтенше жағдайлар органының анықтамасы.

services-meals-refusal-category-not-confirmed = Қоса берілген құжат таңдалған санатты растамайды.

## Individual home schooling for health reasons

services-home-schooling-title = Үйде жеке тегін оқыту
services-home-schooling-official-name = Денсаулығына байланысты ұзақ уақыт бойы бастауыш, негізгі орта, жалпы орта білім беру ұйымдарына бара алмайтын балаларды үйде жеке тегін оқытуды ұйымдастыру үшін құжаттарды қабылдау
services-home-schooling-summary = Денсаулық жағдайына байланысты мектепке уақытша немесе тұрақты бара алмайтын балаларды үйде оқыту.
services-home-schooling-eligibility = Үйде оқыту денсаулық жағдайына байланысты дәрігерлік-консультациялық комиссия (ДКК) ұсынған оқушыларға ұйымдастырылады.
services-home-schooling-documents = Дәрігерлік-консультациялық комиссияның қорытындысы қажет: оның нөмірі, күні және фотосы немесе PDF файлы. Қорытынды соңғы бір жыл ішінде берілген болуы керек.
services-home-schooling-term = Мектеп өтініш тіркелгеннен кейін 1 жұмыс күні ішінде құжаттарды қабылдайды, содан кейін директор бұйрыққа қол қояды.
services-home-schooling-result = Құжаттарды қабылдағаны туралы қолхат, содан кейін үйде оқытуды ұйымдастыру туралы директор бұйрығы жөніндегі хабарлама.
services-home-schooling-how-to-apply = Қызметті таңдап, боттың сұрақтарына жауап беріңіз, ДКК қорытындысының фотосын жүктеп, өтінішке ЭЦҚ-мен қол қойыңыз (немесе қол қойылған қағаз өтініштің фотосын жіберіңіз). Қолхатты және бұйрық туралы хабарламаны осы чатта аласыз.

services-home-schooling-field-conclusion-number = ДКК қорытындысының нөмірін енгізіңіз.
services-home-schooling-field-conclusion-number-hint = Нөмір қорытындының жоғарғы жағында көрсетілген, мысалы: № 125.
services-home-schooling-field-conclusion-date = ДКК қорытындысының күнін енгізіңіз (КК.АА.ЖЖЖЖ).
services-home-schooling-field-conclusion-date-hint = Қорытынды соңғы бір жыл ішінде берілген болуы керек.
services-home-schooling-label-conclusion-number = ДКК қорытындысының нөмірі
services-home-schooling-label-conclusion-date = ДКК қорытындысының күні

services-home-schooling-doc-commission-conclusion = Дәрігерлік-консультациялық комиссияның қорытындысы
services-home-schooling-doc-commission-conclusion-hint = Қорытындының қолдары мен мөрі бар барлық бетін суретке түсіріңіз немесе PDF жіберіңіз.

services-home-schooling-refusal-conclusion-expired = ДКК қорытындысы бір жылдан бұрын берілген — жаңа қорытынды қажет.

## Reasons to refuse an application as incomplete (all services)

services-refusal-missing-document = Міндетті құжат қоса берілмеген.
services-refusal-unreadable-copy = Құжаттың көшірмесін оқу мүмкін емес: оны жарық жерде қайта суретке түсіріңіз.
services-refusal-expired-document = Құжаттың қолданылу мерзімі өтіп кеткен.
services-refusal-data-mismatch = Өтініштегі деректер құжаттардағы деректермен сәйкес келмейді.
services-refusal-wrong-school = Бала бұл мектепте оқымайды: өтінішті өз мектебіңізге беріңіз.

## Refusal reasons as buttons: a few words each
services-refusal-missing-document-short = Міндетті құжат жоқ
services-refusal-unreadable-copy-short = Көшірме оқылмайды
services-refusal-expired-document-short = Құжаттың мерзімі өткен
services-refusal-data-mismatch-short = Деректер сәйкес емес
services-refusal-wrong-school-short = Бала бұл мектепте оқымайды
services-meals-refusal-category-not-confirmed-short = Санат расталмады
services-home-schooling-refusal-conclusion-expired-short = ДКК қорытындысы ескірген

services-first-grade-title = Бірінші сыныпқа қабылдау
services-first-grade-official-name = Бастауыш, негізгі орта, жалпы орта білім берудің жалпы білім беретін бағдарламалары бойынша оқыту үшін ведомстволық бағыныстылығына қарамастан білім беру ұйымдарына құжаттарды қабылдау және оқуға қабылдау
services-first-grade-summary = Баланы 1-сыныпқа қабылдау туралы өтініш: мектеп құжаттарды қабылдағаны туралы қолхат береді, содан кейін 31 тамызға дейін оқуға қабылдау туралы бұйрық шығарады.
services-first-grade-eligibility = Өтінішті ата-анасы немесе өзге заңды өкілі береді. 1-сыныпқа қабылдау жылында (31 желтоқсанды қоса алғанда) 6 жасқа толатын балалар және 1 қыркүйекте 7 жаста болатын балалар қабылданады; бұдан кіші немесе үлкен бала — комиссия қорытындысы бойынша.
services-first-grade-documents = Баланың денсаулық паспорты (№ 026/у-3 нысан), профилактикалық екпелер картасы (№ 063/у нысан), баланың 3×4 см фотосуреті. Тұрғылықты жері бойынша басымдық болса — тұрғылықты жерін растайтын құжат, әлеуметтік санат үшін — мәртебесін растайтын құжат. Туу туралы куәлік — бала Қазақстаннан тыс жерде туған болса ғана.
services-first-grade-term = Өтініштер 1 сәуірден 31 тамызға дейін қоса алғанда қабылданады. Мектеп қолхатты 1 жұмыс күні ішінде, оқуға қабылдау туралы бұйрықты 31 тамыздан кешіктірмей береді.
services-first-grade-result = Құжаттарды қабылдағаны туралы қолхат, содан кейін оқуға қабылдау туралы бұйрық жөніндегі хабарлама немесе дәлелді бас тарту. Әр құжатты QR-код арқылы тексеруге болады.
services-first-grade-how-to-apply = Қызметті таңдаңыз, боттың сұрақтарына жауап беріңіз, құжаттардың фотосын жүктеңіз және өтінішке ЭЦҚ-мен қол қойыңыз (немесе қол қойылған қағаз өтініштің фотосын жіберіңіз). Қолхат пен бұйрықты осы чатта аласыз.
services-first-grade-child-age = Бұл ЖСН бойынша бала { $date } туған. 1-сыныпқа қабылдау туралы өтінішті бала { $min }–{ $max } жаста болғанда ғана беруге болады. Баланың ЖСН-ін туу туралы куәліктен тексеріп, қайта енгізіңіз.

services-first-grade-field-age-reason = 1-сыныпқа биыл 6 жасқа толатын балалар және 1 қыркүйекте 7 жаста болатын балалар қабылданады. Сіздің балаңыз бұдан кіші немесе үлкен. Ол неге биыл оқуға түседі?
services-first-grade-field-age-reason-hint = Бұл жастан кіші немесе үлкен бала психологиялық-медициналық-педагогикалық консультацияның немесе дәрігерлік-консультациялық комиссияның қорытындысы бойынша қабылданады: оны қоса тіркеу керек.
services-first-grade-label-age-reason = Белгіленген жастан ерте немесе кеш қабылдау негізі
services-first-grade-age-reason-early = Ертерек: бала мектепке дайын
services-first-grade-age-reason-early-official = оқуға дайындығы туралы қорытынды бойынша мерзімінен бұрын қабылдау
services-first-grade-age-reason-late = Кешірек: денсаулығына байланысты
services-first-grade-age-reason-late-official = денсаулығына байланысты кейінге қалдырудан кейін қабылдау
services-first-grade-field-priority = Оқуға қабылдауда сізде басымдық бар ма?
services-first-grade-field-priority-hint = Мектепке бекітілген аумақта тұратын балалар және әлеуметтік осал санаттағы балалар бірінші кезекте қабылданады.
services-first-grade-label-priority = Оқуға қабылдаудағы басымдық
services-first-grade-priority-area = Мектептің жанында тұрамыз
services-first-grade-priority-area-official = мектептің қызмет көрсету аумағында тұрады
services-first-grade-priority-social = Әлеуметтік санат
services-first-grade-priority-social-official = әлеуметтік осал санат (АӘК, көпбалалы отбасы, жетім, мүгедектік)
services-first-grade-priority-none = Басымдық жоқ
services-first-grade-priority-none-official = басымдықсыз
services-first-grade-field-born-abroad = Бала Қазақстаннан тыс жерде туды ма?
services-first-grade-field-born-abroad-hint = Бала Қазақстанда туған болса, туу туралы куәлік қажет емес: мектеп деректерді ЖСН бойынша тексереді.
services-first-grade-label-born-abroad = Баланың туған жері
services-first-grade-born-abroad-no = Жоқ, Қазақстанда
services-first-grade-born-abroad-no-official = Қазақстан Республикасы
services-first-grade-born-abroad-yes = Иә, шетелде
services-first-grade-born-abroad-yes-official = Қазақстан Республикасынан тыс жерде

services-first-grade-doc-vaccination-card = Профилактикалық екпелер картасы (№ 063/у нысан)
services-first-grade-doc-vaccination-card-hint = Емханада беріледі. Толтырылған барлық беттерін суретке түсіріңіз немесе PDF жіберіңіз.
services-first-grade-doc-health-passport = Баланың денсаулық паспорты (№ 026/у-3 нысан)
services-first-grade-doc-health-passport-hint = Медициналық тексеруден кейін емханада беріледі. Барлық беттерін суретке түсіріңіз немесе PDF жіберіңіз.
services-first-grade-doc-photo = Баланың 3×4 см фотосуреті
services-first-grade-doc-photo-hint = Құжатқа арналған, ашық түсті фондағы түрлі түсті фото.
services-first-grade-doc-age-conclusion = Белгіленген жастан ерте немесе кеш қабылдау туралы комиссия қорытындысы
services-first-grade-doc-age-conclusion-hint = Психологиялық-медициналық-педагогикалық консультацияның немесе дәрігерлік-консультациялық комиссияның қорытындысы.
services-first-grade-doc-residence = Тұрғылықты жерін растайтын құжат
services-first-grade-doc-residence-hint = Мекенжай анықтамасы немесе мектепке бекітілген аумақта тұратыныңызды растайтын басқа құжат.
services-first-grade-doc-status = Әлеуметтік мәртебесін растайтын құжат
services-first-grade-doc-status-hint = АӘК алатыны туралы анықтама, көпбалалы отбасы куәлігі, қамқоршылық туралы шешім немесе мүгедектік туралы анықтама.
services-first-grade-doc-birth-certificate = Баланың туу туралы куәлігі
services-first-grade-doc-birth-certificate-hint = Шетелде берілген куәлік: барлық беттері, қазақ немесе орыс тілінде болмаса — аудармасымен.

services-first-grade-refusal-no-places = Мектептің бірінші сыныптарында бос орын жоқ: білім бөліміне немесе басқа мектепке жүгініңіз.
services-first-grade-refusal-no-places-short = Бос орын жоқ
services-first-grade-refusal-age = Баланың жасы 1-сыныпқа қабылдау қағидаларына сәйкес келмейді, ал комиссия қорытындысы қоса берілмеген.
services-first-grade-refusal-age-short = Жасы сәйкес емес

services-first-grade-order-subtitle = директордың 1-сыныпқа оқуға қабылдау туралы бұйрығы жөнінде
services-first-grade-order-body = Директордың { $orderDate } № { $orderNumber } бұйрығымен төменде көрсетілген бала { $schoolYear } оқу жылына { $grade }-сыныпқа оқуға қабылданғанын хабарлаймыз.
