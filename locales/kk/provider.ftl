# The provider bot: school staff review applications, issue results, keep deadlines.

provider-staff-only = Сәлеметсіз бе! Бұл бот тек мектеп қызметкерлеріне арналған. Өтініш беру үшін ата-аналарға арналған ботты пайдаланыңыз. Егер сіз мектеп қызметкері болсаңыз, мектеп әкімшілігінен шақыру сілтемесін сұраңыз.
provider-staff-only-short = Бұл бот тек мектеп қызметкерлеріне арналған.
provider-not-staff = Сіз белсенді мектеп қызметкері ретінде тіркелмегенсіз.
provider-not-found = Өтініш табылмады немесе ол сіздің мектебіңізге жатпайды.
provider-invite-invalid = Шақыру сілтемесі жарамсыз. Мектеп әкімшілігінен жаңа сілтеме сұраңыз.
provider-invite-expired = Шақыру сілтемесінің мерзімі өтіп кеткен. Мектеп әкімшілігінен жаңа сілтеме сұраңыз.
provider-invite-used = Бұл шақыру сілтемесі бұрын пайдаланылған. Мектеп әкімшілігінен жаңа сілтеме сұраңыз.
provider-welcome = Қош келдіңіз, <b>{ $name }</b>! Сіз «{ $school }» білім беру ұйымына { $role } ретінде қосылдыңыз. Өтініштер тізімі: /inbox. Тілді ауыстыру: /lang.
provider-role-specialist = маман
provider-role-director = директор
provider-position-specialist = Маман
provider-position-director = Директор
provider-lang-choose = Тілді таңдаңыз:
provider-lang-set = Тіл өзгертілді: қазақша.

provider-inbox-title = 📥 <b>Өтініштер — { $school }</b>
provider-inbox-no-applications = Әзірге өтініштер жоқ.
provider-inbox-empty = Қарауды күтіп тұрған өтініштер жоқ.
provider-inbox-page = Қарауды күтетіндер (бет { $page }/{ $pages }):
provider-inbox-new = жаңа
provider-inbox-due = мерзімі { $date }
provider-inbox-overdue = ⚠️ мерзімі өтті ({ $date })

provider-card-title = 📄 <b>№ { $number } өтініш</b> — { $service }
provider-card-status = Мәртебесі: <b>{ $status }</b>
provider-card-submitted = Түскен күні: { $date }
provider-card-deadline = Қарау мерзімі: { $date }
provider-card-deadline-overdue = ⚠️ Қарау мерзімі өтіп кетті: { $date }
provider-card-reason = Бас тарту себебі: { $reason }
provider-card-comment = Түсініктеме: { $comment }
provider-status-result-revoked = ❌ «{ $kind }» № { $document } құжатын мектеп { $date } кері қайтарып алды
provider-card-revoked-reason = Кері қайтарып алу себебі: { $reason }
provider-card-revoked-no-decision = Кері қайтарып алынған құжат негізінде шешім қабылданбайды: бұйрық шығарылмайды, бас тарту ресімделмейді; өтініш беруші өтінішті қайта бере алады.
provider-inbox-revoked = Берілген құжат кері қайтарып алынды
provider-card-signature-none = ✍️ Қолтаңба: жоқ
provider-card-signature-paper = ✍️ Қолтаңба: қағаз өтініштің суреті — қолды өзіңіз тексеріңіз.
provider-card-signature-valid = ✍️ ЭЦҚ тексерілді: барлық тексеру сәтті өтті ✅
provider-card-signature-invalid = ✍️ ЭЦҚ тексеруден өтпеді ❌:
provider-check-parse = қолтаңба файлы оқылмады
provider-check-algorithm-supported = қолтаңба алгоритміне қолдау көрсетілмейді
provider-check-content-match = қол қойылған мәтін өтінішпен сәйкес емес
provider-check-message-digest = өтініш қол қойылғаннан кейін өзгертілген
provider-check-signature = қолтаңба жарамсыз
provider-check-signing-time = қол қою уақыты қол қою сеансынан тыс: сілтеме берілгенге дейін немесе болашақта
provider-check-certificate-validity = бетте қол қойылған сәтте сертификат жарамсыз
provider-check-signing-key = қол қою кілті емес, аутентификация кілті пайдаланылған
provider-check-individual-eku = сертификат жеке тұлғаға тиесілі емес
provider-check-chain = сертификат сенімді куәландырушы орталыққа жатпайды
provider-check-revocation = сертификат кері қайтарып алынған немесе оның мәртебесін тексеру мүмкін болмады (OCSP)
provider-check-timestamp = қолтаңбадағы уақыт белгісі (TSP) тексеруден өтпеді
provider-check-iin-checksum = сертификаттағы ЖСН қате
provider-check-iin-match = сертификаттағы ЖСН өтініш берушінің ЖСН-іне сәйкес келмейді

provider-file-statement = № { $number } өтініш
provider-file-paper-signature = Қол қойылған қағаз өтініштің суреті
provider-file-result = Берілген құжат

provider-action-issue-certificate = Анықтама беру
provider-action-issue-receipt = Қолхат беру
provider-button-files = 📎 Құжаттар
provider-button-inbox = 📥 Тізім
provider-button-open = Өтінішті ашу
provider-button-confirm = ✅ Растау
provider-button-cancel = Болдырмау
# One line to a staff member back after blocking the bot (with the inbox's button): how many of the school's applications wait.
provider-unblocked = 👋 Қайта оралуыңызбен! { $count ->
    [0] Мектебіңізде қаралуды күтіп тұрған өтініш жоқ.
   *[other] Мектебіңізде { $count } өтініш қаралуды күтіп тұр.
}
provider-button-skip = Өткізіп жіберу
provider-button-back = Өтінішке оралу

provider-confirm-title = <b>№ { $number }</b> өтініш: «{ $action }». Растайсыз ба?
provider-confirm-order = Бұйрық: № { $number }, { $date }
provider-confirm-reason = Себебі: { $reason }
provider-confirm-comment = Түсініктеме: { $comment }
provider-choose-reason = <b>№ { $number }</b> өтініш: бас тарту себебін таңдаңыз.
# Typed (or a photo, a sticker) while the refusal's reasons are shown: the reason is chosen with a button; the list stays.
provider-choose-reason-buttons = Бас тарту себебі батырмамен таңдалады: жоғарыдағы хабарламаның астындағы себептердің бірін немесе «Болдырмау» батырмасын басыңыз.
provider-ask-comment = Ата-анаға түсініктеме жазыңыз (міндетті емес) немесе «Өткізіп жіберу» батырмасын басыңыз.
provider-ask-reason-text = Дәлелді бас тарту себебін жазыңыз: ата-ана оны сол күйінде алады.
provider-reason-text-invalid = Себебін { $min } таңбадан { $max } таңбаға дейін жазыңыз.
provider-text-too-long = Мәтін тым ұзын: { $max } таңбадан аспауы керек.
provider-ask-order-number = Директор бұйрығының нөмірін жазыңыз (мысалы, 45-Ж).
provider-order-number-invalid = Бұйрық нөмірінде сандар болуы керек, 30 таңбадан аспауы тиіс (мысалы, 45-Ж).
provider-ask-order-date = Бұйрықтың күнін жазыңыз (КК.АА.ЖЖЖЖ).
provider-order-date-invalid = Күнді КК.АА.ЖЖЖЖ түрінде жазыңыз; бұйрық күні болашақта болмауы керек.
provider-order-date-before-sent = Бұйрық өтініш берілгенге дейін шығарылуы мүмкін емес: { $date } немесе одан кейінгі күнді жазыңыз.
provider-bulk-order-date-before-sent = Бұйрық ол шығарылатын өтініштердің соңғысы берілгенге дейін шығарылуы мүмкін емес: { $date } немесе одан кейінгі күнді жазыңыз.
provider-order-missing = Бұйрықтың нөмірі мен күні көрсетілмеген.
provider-order-result-revoked = ❌ Бұйрық берілмеді: осы өтініш бойынша «{ $kind }» № { $document } құжатын мектеп кері қайтарып алған, ал бұйрық кері қайтарып алынған құжатқа негізделе алмайды. Өтініш беруші өтінішті қайта бере алады.
provider-decision-result-revoked = ❌ Ештеңе жасалмады: осы өтініш бойынша «{ $kind }» № { $document } құжатын мектеп кері қайтарып алған, ал құжаты кері қайтарып алынған өтініш бойынша шешім қабылданбайды. Өтініш беруші өтінішті қайта бере алады.
# An enrolment order from the card that would pass over applicants ahead in the queue (priority first, then the time sent).
provider-order-out-of-turn-ask = ⚠️ <b>№ { $number }</b> өтініш оқуға қабылдау кезегінде бірінші емес. Кезекте оның алдында тұрған өтініштер: { $count }; біріншісі — { $first }.
    Оқуға кезек бойынша қабылдайды: алдымен басымдығы бар өтініштер, содан кейін қалғандары, әр топта — өтініш берілген уақыт бойынша; рет бойынша /orders ішіндегі «✅ Рет бойынша қабылдау» батырмасы қабылдайды.
    Бұл өтінішті кезектен тыс қабылдайсыз ба? Бұл өтініштің тарихына жазылады.
provider-button-out-of-turn = ⚠️ Кезектен тыс қабылдау
provider-confirm-out-of-turn = ⚠️ Кезектен тыс — кезекте өтініштің алдында тұрған өтініштер: { $count } (өтініштің тарихына жазылады).
provider-order-out-of-turn = ❌ Бұйрық берілмеді: кезекте бұл өтініштің алдында тұрған өтініштер: { $count }; біріншісі — { $first }. Рет бойынша қабылдаңыз (/orders) немесе кезектен тыс қабылдау үшін өтінішті қайта ашыңыз.
provider-order-applicant = { $child } (№ { $number }, { $date }{ $extra })
provider-order-places-not-set = ❌ Бұйрық берілмеді: { $year } жылға орын саны көрсетілмеген. Алдымен оны көрсетіңіз: /orders → «🔢 Орын саны» — оқуға қабылдау туралы бұйрық тек орын саны шегінде беріледі.
provider-order-no-places = ❌ Бұйрық берілмеді: { $year } жылға бос орын жоқ — бұйрықтар бойынша көрсетілген орын санынша бала қабылданып қойды (/orders).
provider-order-enrolled-elsewhere = ❌ Бұйрық берілмеді: бала басқа мектепке бұйрықпен қабылданып қойған — { $school } (№ { $number } өтініш).
provider-input-cancelled = Әрекет болдырылмады.
provider-input-text-only = Бот жауапты мәтінмен жазуыңызды немесе жоғарыдағы сұрақтың астындағы батырманы басуыңызды күтеді: мұнда фото, стикер және файл оқылмайды.

provider-done = ✅ <b>№ { $number }</b> өтініш: { $status }. Ата-анаға хабарлама жіберіледі.
provider-conflict-staff = Бұл өтінішті { $name } өңдеп қойған (мәртебесі: { $status }).
provider-conflict-self = Бұл өтінішті сіз өңдеп қойдыңыз (мәртебесі: { $status }).
provider-conflict-parent = Өтініш беруші өтінішті өзгертіп қойған (мәртебесі: { $status }).
provider-conflict = Өтініш өзгеріп кеткен (мәртебесі: { $status }).

provider-rate-limited = Тым жиі жазып жатырсыз. Бірнеше секунд күте тұрыңыз.
provider-error-unavailable = Қызмет уақытша қолжетімсіз. Бірнеше минуттан кейін қайталап көріңіз.
provider-error-generic = Қате шықты. Қайталап көріңіз; қате қайталанса, әкімшіге хабарлаңыз.
provider-button-outdated = Бұл батырма ескірген. Тізімді қайта ашыңыз: /inbox
provider-fallback = Өтініштер тізімі: /inbox. Өтінішті немесе берілген құжатты табу үшін оның нөмірін жіберіңіз (мысалы, 2026-000042 немесе 2026/000017). Тілді ауыстыру: /lang.
provider-edited-not-read = ✏️ Бот жіберіліп қойған хабарламалардағы түзетулерді көрмейді. Мәтінді жаңа хабарлама етіп қайта жіберіңіз.

## The command menu
provider-command-inbox = Келген өтініштер
provider-command-lang = Тіл / Язык

provider-doc-certificate = Анықтама
provider-doc-receipt = Қолхат
provider-doc-order = Бұйрық туралы хабарлама
provider-doc-refusal = Дәлелді бас тарту
provider-card-issued = 📄 { $kind } № { $number }, { $date } — күшінде
provider-card-issued-revoked = 📄 { $kind } № { $number }, { $date } — ❌ { $revoked } кері қайтарып алынды. Себебі: { $reason }
provider-revoke-button = № { $number } құжатты кері қайтарып алу
provider-ask-revoke-reason = № { $number } құжат: кері қайтарып алу себебін жазыңыз. Оны ата-ана алады және құжатты коды бойынша тексерген әркім көреді.
provider-revoke-reason-invalid = Себебін { $min }–{ $max } таңба аралығында жазыңыз.
provider-confirm-revoke = <b>№ { $number }</b> құжатты (№ { $application } өтініш) кері қайтарып аласыз ба? Одан кейін тексеру беті құжаттың жарамсыз екенін көрсетеді.
provider-revoked = ✅ № { $number } құжат кері қайтарып алынды. Ата-анаға хабарлама жіберіледі.
provider-revoke-already = Бұл құжат бұрын кері қайтарып алынған.

## Onboarding: the name and position documents are signed with
provider-profile-ask-name = Сіз беретін құжаттарға аты-жөніңіз бен лауазымыңыз жазылады. Тегіңізді, атыңызды және әкеңіздің атын жеке куәлігіңіздегідей толық жазыңыз.
provider-profile-ask-position = Құжаттарда тұратын лауазымыңызды жазыңыз (мысалы: Директордың оқу ісі жөніндегі орынбасары).
provider-profile-position-invalid = Лауазымды сөзбен жазыңыз, 3–{ $max } таңба аралығында.
provider-profile-done = Дайын. Құжаттарға былай қол қойылады: <b>{ $position } { $name }</b>. Өтініштер тізімі: /inbox.
provider-profile-first = Алдымен аты-жөніңізді және лауазымыңызды көрсетіңіз.
provider-check-bin-match = басқа ұйымның кілті: кілттегі БСН мектептің БСН-іне сәйкес келмейді
provider-card-issued-signed = ✍️ ЭЦҚ-мен қол қойылып берілді: { $name }, { $position }
provider-card-issued-unsigned = ЭЦҚ-сыз берілді
provider-button-sign-issue = ✍️ ЭЦҚ-мен қол қойып, беру
provider-sign-link = <b>№ { $number }</b> өтініш бойынша «{ $kind }» № { $document } құжаты дайындалды, бірақ әлі берілген жоқ. Сілтемені NCALayer орнатылған компьютерде ашып, құжатқа өз ЭЦҚ кілтіңізбен немесе мектептің ЭЦҚ кілтімен қол қойыңыз. Қолтаңба тексерілген соң құжат көрсетілетін қызметті алушыға бірден беріледі, ал сізге оның көшірмесі келеді. Сілтеме бір рет қана қолданылады; жарамдылық мерзімі: { $until }.
provider-sign-open = ✍️ Қол қою бетін ашу
provider-sign-ask-iin = ЭЦҚ кілті сізге тиесілі екенін тексеру үшін ЖСН-іңізді (12 сан) енгізіңіз. Ол тек қолтаңбаңызды тексеру үшін қажет. Мектептің ЭЦҚ кілтімен қол қойсаңыз да, өз ЖСН-іңізді көрсетіңіз.
provider-sign-iin-invalid = ЖСН 12 саннан тұрады және оның бақылау саны сәйкес келуі керек. Тексеріп, қайта енгізіңіз.
provider-sign-iin-on-record = Қолтаңба сіздің { $iin } ЖСН-іңізбен салыстырылады. Егер ол қате көрсетілсе, «ЖСН-ді өзгерту» батырмасын басыңыз.
provider-sign-change-iin = ✏️ ЖСН-ді өзгерту
provider-sign-iin-saved = ЖСН сақталды. Өтінішті ашып, «ЭЦҚ-мен қол қойып, беру» батырмасын қайта басыңыз: бұрынғы сілтеме де жарамды, бірақ қолтаңба жаңа ЖСН-мен салыстырылады.

## Orders in bulk (/orders): the queue of a service (its priority first, then registration order), places, one order for many
provider-command-orders = Тізіммен бұйрық: оқуға қабылдау
provider-bulk-none = Бұйрықты күтіп тұрған өтініш жоқ.
provider-bulk-pick = Бұйрықты күтіп тұрған өтініштер. Қызметті таңдаңыз:
provider-bulk-service-button = { $service }: { $count }
provider-bulk-title = <b>{ $service }</b> — бұйрықты күтіп тұрғандар: { $count }. Реті — өтініштің тіркелу уақыты бойынша.
provider-bulk-title-priority = <b>{ $service }</b> — бұйрықты күтіп тұрғандар: { $count }. Реті: алдымен басымдығы бар өтініштер ({ $first }), содан кейін қалғандары; әр топта — өтініштің тіркелу уақыты бойынша.
provider-bulk-places = Жыл: { $year }. Орын саны: { $places }; қабылданғаны: { $taken }; бос орын: { $free }.
provider-bulk-places-unset = Жыл: { $year }. Орын саны көрсетілмеген: оқуға қабылдау алдында оны көрсетіңіз.
provider-bulk-line = { $n }. { $child } — № { $number }, { $date }{ $extra }
provider-bulk-more = … тағы өтініштер: { $count }
provider-bulk-enrol = ✅ Рет бойынша қабылдау
provider-bulk-set-places = 🔢 Орын саны
provider-bulk-refresh = 🔄 Тізімді жаңарту
# The queue shown a page at a time: every applicant can be reached.
provider-bulk-page = { $pages } беттің { $page }-беті (өтініштердің { $from }–{ $to } аралығы)
provider-bulk-prev = ◀️ Алдыңғылары
provider-bulk-next = Келесілері ▶️
provider-bulk-director-only = Бұйрыққа директор қол қояды: оқуға тек ол қабылдай алады.
provider-bulk-nothing = Қабылдайтын ешкім жоқ: күтіп тұрған өтініш немесе бос орын жоқ.
provider-bulk-ask-count = Тізім реті бойынша бұйрыққа неше өтініш берушіні енгізесіз? 1 мен { $max } аралығындағы санды жазыңыз.
provider-bulk-all = Рет бойынша барлығы: { $max }
provider-bulk-count-invalid = 1 мен { $max } аралығындағы санды жазыңыз.
provider-bulk-confirm = <b>Бұйрық № { $number }, күні: { $date }</b>. Тізім реті бойынша оқуға қабылдау (саны: { $count }):
provider-bulk-done = ✅ № { $number } бұйрықпен қабылданғаны: { $count }. Әр ата-ана чатта бұйрық туралы хабарлама алады.
provider-bulk-skipped = Енгізілмеді — тізім көрсетілгеннен кейін өтініш өзгерді: { $numbers }
provider-bulk-enrolled-elsewhere = Енгізілмеді — бала басқа мектепке бұйрықпен қабылданып қойған: { $numbers }
provider-bulk-out-of-turn = Енгізілмеді — тізім ашық тұрғанда кезекте олардың алдына басқа өтініштер (басымдығы барлар) келді: { $numbers }. Тізімді қайта ашыңыз.
provider-bulk-places-not-set = Алдымен жылдағы орын санын көрсетіңіз.
provider-bulk-too-many = Бос орын саны: { $free }. Бұйрыққа одан артық енгізбеңіз.
provider-bulk-ask-places = «{ $service }»: мектеп жылына неше баланы қабылдайды (жыл: { $year })? Санды жазыңыз (мысалы, 100) немесе сынып саны × сыныптағы орын (мысалы, 4 × 25).
provider-bulk-places-invalid = 0 мен { $max } аралығындағы санды немесе сынып × орын түрінде жазыңыз, мысалы 4 × 25.
provider-bulk-places-saved = ✅ Жыл: { $year }. Орын саны: { $places }.
provider-bulk-places-director = Орын санын директор көрсетеді: қабылдау туралы бұйрыққа соның негізінде қол қояды.
provider-bulk-places-below-taken = Осы жылғы бұйрықтар бойынша қабылданғандар: { $taken }. Орын саны бұдан аз бола алмайды — { $taken } санынан кем емес сан жазыңыз.
provider-bulk-places-free = Бос орындар: { $free }. Орын бар кезде «орын жоқ» негізімен бас тарту мүмкін емес.
provider-bulk-open = 📋 Тізімге
provider-bulk-refuse = ❌ Қалғандарына бас тарту: { $reason }
provider-bulk-refuse-confirm = <b>Күтіп тұрғандардың барлығына бас тарту (саны: { $count })</b>. Негізі: { $reason } Әр ата-ана дәлелді бас тартуды алады.
provider-bulk-refused = ✅ Бас тартылғаны: { $count }. Әр ата-ана чатта дәлелді бас тартуды алады.
provider-bulk-due = Бұйрыққа қол қоюдың соңғы күні: { $date }.
provider-sign-mobile = 📱 eGov mobile-да қол қою
provider-sign-mobile-qr = QR-кодты eGov mobile қосымшасында сканерлеңіз немесе бот осы телефонда ашық болса, «eGov mobile-ды ашу» батырмасын басыңыз. <b>№ { $number }</b> өтініш бойынша «{ $kind }» № { $document } құжатына өз ЭЦҚ кілтіңізбен немесе мектептің ЭЦҚ кілтімен қол қойыңыз. QR-код { $minutes } минут ішінде және бір рет қана жарамды.
provider-sign-mobile-open = 📱 eGov mobile-ды ашу
provider-sign-mobile-outdated = Бұл қол қою сілтемесі енді жарамсыз. Өтінішті ашып, «ЭЦҚ-мен қол қойып, беру» батырмасын қайта басыңыз.
provider-sign-mobile-unavailable = eGov mobile арқылы қол қою қазір қолжетімсіз. Кейінірек қайталап көріңіз немесе жоғарыдағы сілтеме бойынша беттен (NCALayer) қол қойыңыз.
provider-sign-mobile-refresh = 🔄 Жаңа QR-код

# What Telegram shows before the first message (up to 512 characters) and in the bot's profile (up to 120).
provider-bot-description = Мектеп қызметкерлеріне арналған бот: ата-аналардың өтініштерін қабылдау, тіркеу және олар бойынша шешім шығару.
    Мектеп басшысынан алған шақыру сілтемесі арқылы кіріңіз.
provider-bot-short-description = Мектеп қызметкерлеріне: ата-аналардың өтініштері және олар бойынша шешімдер.
provider-invite-switched-off = Бұл шақыру сілтемесі жасалғаннан кейін сіздің ботқа қолжетімділігіңіз жабылған, сондықтан ол қолжетімділікті қайтармайды. Мектеп директорынан жаңа сілтеме сұраңыз.
provider-invite-member = Сіз «{ $school }» білім беру ұйымының қызметкерісіз ({ $role }) және ботта жұмыс істеп жүрсіз. Шақыру сілтемесі пайдаланылмады: оны арналған адамға беруге болады.
provider-invite-other-school = Сіз ботта «{ $school }» білім беру ұйымының қызметкері ретінде жұмыс істеп жүрсіз ({ $role }). Басқа мектептің шақыру сілтемесі сізді сол мектепке ауыстырмайды: өз мектебіңіздің директорынан ботқа қолжетімділігіңізді жабуды сұраңыз, содан кейін ауысатын мектептен жаңа сілтеме сұраңыз. Бұл сілтеме пайдаланылмады.
