# The parent bot: start, consent, registration, catalog, the application form, signing, my applications.

## Commands (the menu)
command-start = Бастау
command-apply = Өтініш беру
command-my = Менің өтініштерім
command-help = Көмек
command-lang = Тіл / Язык
command-support = Қолдау қызметіне жазу
command-cancel = Толтыруды тоқтату

## Common
button-outdated = Бұл батырманың мерзімі өтті — соңғы хабарламаны пайдаланыңыз.
error-generic = Бірдеңе дұрыс болмады, бірақ жауаптарыңыз сақталды. Бір минуттан кейін қайталаңыз немесе /start жіберіңіз.
error-unavailable = Қызмет уақытша қолжетімсіз, бірақ жауаптарыңыз сақталды. Бірнеше минуттан кейін қайталаңыз — сол жерден жалғастырасыз.
rate-limited = Хабарламалар тым көп. Бірнеше секунд күтіп, жалғастырыңыз.
resume-after-interruption = Тоқтаған жерден жалғастырайық: жауаптарыңыз сақталды.
fallback = Хабарламаны түсінбедім. Әрекетті таңдаңыз: /apply — өтініш беру, /my — менің өтініштерім, /help — көмек.
need-start = Алдымен тіркеліңіз: /start жіберіңіз.
help-text =
    <b>Бұл қалай жұмыс істейді</b>
    /apply — қызметті таңдап, өтініш беру: бот сұрақтар қояды, сіз құжаттардың суретін жүктеп, өтінішке қол қоясыз.
    /my — өтініштеріңіз, олардың мәртебесі мен нәтижелері.
    /cancel — толтыруды тоқтату (жобаны сақтауға болады).
    /lang — тілді ауыстыру.
    /support — операторға жазу.
    Жоба әр жауаптан кейін сақталады: кейін /apply командасымен жалғастыруға болады.

## Language
lang-choose = Тілді таңдаңыз:
lang-set = Тіл: қазақша.

## Consent
consent-text =
    <b>Дербес деректерді жинауға және өңдеуге келісім</b>
    Өтініш беру үшін сіздің және баланың деректері қажет: аты-жөні, ЖСН, телефон, құжаттар. Олар тек сіз таңдаған мектепке беріледі және ҚР «Дербес деректер және оларды қорғау туралы» Заңына сәйкес сақталады.
    Келісесіз бе?
consent-agree = ✅ Келісемін
consent-decline = Келіспеймін
consent-declined =
    Дербес деректерді өңдеуге келісім болмаса, мектеп өтінішті қарай алмайды: қызмет үшін аты-жөні, ЖСН және құжаттар қажет.
    Ойыңызды өзгертсеңіз, /start жіберіңіз.

## Registration
registration-ask-phone = Телефон нөміріңізбен бөлісіңіз — төмендегі «Нөмірімді жіберу» батырмасын басыңыз.
registration-share-phone = 📱 Нөмірімді жіберу
registration-use-button = Экранның төменгі жағындағы «📱 Нөмірімді жіберу» батырмасын басыңыз — нөмірді қолмен енгізудің қажеті жоқ.
registration-contact-not-own = Бұл басқа адамның байланысы. Өз нөміріңізді «📱 Нөмірімді жіберу» батырмасымен жіберіңіз.
registration-phone-not-kz = Қызмет қазақстандық нөмірлермен (+7 7xx) жұмыс істейді. Нөміріңіз басқа болса, қолдау қызметіне жазыңыз: /support.
registration-phone-ok = Рақмет, нөмір алынды.
registration-ask-name = Тегіңізді, атыңызды және әкеңіздің атын жазыңыз (жеке куәлігіңіздегідей).
registration-ask-iin = ЖСН-іңізді енгізіңіз — жеке куәліктегі 12 сан.

## Catalog
catalog-title = <b>Мектептің мемлекеттік қызметтері</b>
    Толығырақ білу және өтініш беру үшін қызметті таңдаңыз.
catalog-eligibility = Кім ала алады
catalog-documents = Құжаттар
catalog-term = Мерзімі
catalog-result = Нәтижесі
catalog-how = Қалай беруге болады
catalog-apply = 📝 Өтініш беру
catalog-back = ◀ Қызметтер тізіміне
menu-my = 📂 Менің өтініштерім
menu-services = 📋 Қызметтер
menu-support = 🆘 Қолдау

## Drafts
draft-found = Сізде аяқталмаған № { $number } өтініш бар («{ $service }»). Жалғастырасыз ба?
draft-continue = ▶ Жалғастыру
draft-restart = Қайтадан бастау
draft-other-service = Басқа қызмет
apply-draft-gone = Бұл өтініш енді жоба емес. Оны көру үшін /my ашыңыз.

## The form
apply-step = { $total } қадамның { $step }-қадамы
apply-stage-parent = Өтініш беруші
apply-stage-child = Бала
apply-stage-school = Мектеп
apply-stage-fields = Қызметке қажетті мәліметтер
apply-stage-documents = Құжаттар
ask-expected-text = Жауапты мәтінмен жазыңыз.
ask-use-buttons = Сұрақтың астындағы батырмамен нұсқаны таңдаңыз.
ask-no-forwards = Қайта жіберілген хабарламалар қабылданбайды — жауапты өзіңіз жазыңыз.
ask-unknown-command = Бұл команда қазір жұмыс істемейді. Жоғарыдағы сұраққа жауап беріңіз немесе /cancel жіберіңіз.

apply-parent-summary =
    Сіздің деректеріңіз:
    Аты-жөні: <b>{ $name }</b>
    ЖСН: { $iin }
    Телефон: { $phone }
apply-parent-email-current = { "" }
    Email: { $email }
apply-parent-ask-email = Электрондық пошта мекенжайын жазыңыз — оған бұйрық туралы хабарлама келеді. Немесе төмендегі батырманы басыңыз.
apply-parent-keep-email = ✅ Деректер дұрыс, жалғастыру
apply-parent-no-email = ✅ Деректер дұрыс, email-сіз
apply-parent-edit = ✏️ Аты-жөні мен ЖСН-ді түзету
apply-parent-ask-name = Тегіңізді, атыңызды және әкеңіздің атын жазыңыз.
apply-parent-ask-iin = ЖСН-іңізді енгізіңіз (12 сан).

apply-child-pick = Өтініш қай бала үшін?
apply-child-saved = { $name }, { $grade }-сынып
apply-child-add = ➕ Баланы қосу
apply-child-ask-name = Баланың тегін, атын және әкесінің атын жазыңыз (туу туралы куәліктегідей).
apply-child-ask-iin = Баланың ЖСН-ін енгізіңіз — туу туралы куәліктегі 12 сан.
apply-child-ask-birth-date = Баланың туған күнін КК.АА.ЖЖЖЖ түрінде енгізіңіз, мысалы 09.03.2015.
apply-child-ask-grade = Бала нешінші сыныпта оқиды? 0-ден 11-ге дейінгі санды жазыңыз (0 — мектепалды даярлық сыныбы).
apply-child-iin-not-a-pupil = Бұл ЖСН бойынша бала әлі туылмаған немесе мектеп жасынан үлкен. Баланың ЖСН-ін туу туралы куәліктен тексеріңіз.
apply-child-saved-note = Бала сақталды: <b>{ $name }</b>, { $date }.

apply-school-ask-regions = Облысты немесе қаланы таңдаңыз:
apply-school-ask-districts = Ауданды таңдаңыз:
apply-school-ask-schools = Мектепті таңдаңыз ({ $count }):
apply-school-ask-search = «{ $query }» сұрауы бойынша табылды: { $count }. Мектепті таңдаңыз немесе сұрауды нақтылаңыз.
apply-school-search-hint = Мектеп атауының бір бөлігін немесе оның БСН-ін жазуға болады.
apply-school-search-too-short = Мектеп атауының кемінде 2 таңбасын немесе БСН-нің 12 санын жазыңыз.
apply-school-search-too-long = Сұрау тым ұзын: мектеп атауының бір бөлігін (100 таңбаға дейін) немесе оның БСН-ін жазыңыз.
apply-school-back = ◀ Артқа
apply-school-chosen = Мектеп: <b>{ $name }</b>

apply-docs-ask =
    📎 { $total } құжаттың { $n }-құжаты: <b>{ $name }</b>
    Суретін немесе PDF жіберіңіз ({ $max } файлға дейін). Барлық беттерді жібергеннен кейін «Дайын» батырмасын басыңыз.
apply-docs-so-far = Алынған беттер саны: { $count }. Қалғанын жіберіңіз немесе «Дайын» батырмасын басыңыз.
apply-docs-done = ✅ Дайын
apply-docs-skip = Өткізіп жіберу
apply-docs-need-one = Бұл құжаттың кемінде бір беті қажет.
apply-docs-expected-file = «{ $name }» құжатының суретін немесе PDF жіберіңіз.
apply-docs-too-many = Бұл құжат үшін { $max } файлдан артық жіберуге болмайды. «Дайын» батырмасын басыңыз.
apply-docs-too-large = Файл 20 МБ-тан үлкен. Кішірек сурет немесе PDF жіберіңіз.
apply-docs-received = { $count }-бет алынды ✅ Келесісін жіберіңіз немесе «Дайын» батырмасын басыңыз.
apply-docs-rejected-empty = Файл бос. Құжаттың суретін немесе PDF жіберіңіз.
apply-docs-rejected-too-large = Файл 20 МБ-тан үлкен. Кішірек сурет немесе PDF жіберіңіз.
apply-docs-rejected-unsupported-type = Тек суреттер (JPEG, PNG) және PDF қабылданады. Бұл файл жарамайды.
apply-docs-rejected-failed = Файлды алу мүмкін болмады. Оны қайта жіберіңіз.

## Review
review-title = Өтінішті тексеріңіз
review-service = Қызмет
review-iin = ЖСН
review-grade = { $grade }-сынып
review-files = { $count } файл
review-confirm = ✅ Бәрі дұрыс — өтінішті қалыптастыру

## Signing
sign-choose = № { $number } өтініш қалыптастырылды. Оған төмендегі тәсілдердің бірімен қол қойыңыз:
sign-eds = 🔐 ЭЦҚ-мен қол қою (NCALayer бар компьютер)
sign-paper = 📄 Қол қойылған қағаз өтінішті жүктеу
sign-eds-link = Сілтемені NCALayer орнатылған және іске қосылған компьютерде ашып, өтінішке қол қою кілтімен (RSA) қол қойыңыз. Сілтеме { $minutes } минут және тек бір рет жарамды.
sign-eds-open = 🔐 Қол қою бетін ашу
sign-paper-ask = Өтінішті (жоғарыдағы PDF) басып шығарып, қолмен қол қойыңыз да, қол қойылған парақтың суретін немесе сканын осында жіберіңіз.
sign-paper-expected-file = Қол қойылған өтініштің суретін немесе PDF жіберіңіз.
sign-done-send = № { $number } өтінішке қол қойылды. Оны мектепке жібересіз бе?
apply-send = 📨 Мектепке жіберу
apply-sent =
    ✅ № <b>{ $number }</b> өтініш «{ $school }» мектебіне жіберілді.
    Мектеп оны тіркейді; қарау мерзімі — тіркелгеннен кейін { $days } жұмыс күні. Әр қадам туралы осында хабарлаймыз.

## My applications
my-title = Менің өтініштерім
my-empty = Сізде әзірге өтініш жоқ.
my-open = 📂 Өтінішті ашу
my-child = Бала
my-school = Мектеп
my-status = Мәртебесі
my-deadline = Жауап мерзімі
my-reason = Себебі
my-comment = Мектептің түсініктемесі
my-history = Тарихы
my-download-result = 📄 Нәтижені жүктеу
my-cancel = Өтінішті кері қайтарып алу
my-cancel-confirm = № { $number } өтінішті кері қайтарып аласыз ба? Мектеп оны қарауды тоқтатады.
my-cancel-yes = Иә, қайтарып алу
my-cancel-no = Жоқ
my-cancelled = № { $number } өтініш кері қайтарылып алынды.
my-cancel-too-late = № { $number } өтінішті енді қайтарып алу мүмкін емес: мектеп шешім қабылдады немесе мәртебесі өзгерді.
my-back = ◀ Тізімге

## /cancel
cancel-nothing = Толтыру тоқтатылды.
cancel-ask = Толтыру тоқтатылды. Кейін жалғастыру үшін № { $number } жобасын сақтайсыз ба?
cancel-keep = Жобаны сақтау
cancel-discard = Жобаны жою
cancel-kept = Жоба сақталды. /apply командасымен жалғастыруға болады.
cancel-discarded = Жоба жойылды.
