# Қолдау: ата-ана операторға жазады; операторлар қызметкерлер тобының форум тақырыптарында жұмыс істейді.

## Ата-ана жағы
support-opened =
    🆘 <b>Сіз қолдау қызметіне жазып отырсыз.</b>
    Сұрағыңызды жазыңыз — оператор осы чатта жауап береді. Сурет, құжат және дауыстық хабарлама жіберуге болады.
    Ботқа ертерек оралу үшін «Әңгімені аяқтау» батырмасын басыңыз.
# Said instead of support-opened when the support group is at Telegram's limit: the topic waits for it.
support-opened-queued =
    🆘 <b>Сіз қолдау қызметіне жазып отырсыз.</b>
    Сұрауыңыз қабылданды: операторлар оны бірнеше минут ішінде көреді. Сұрағыңызды жазыңыз — хабарламаларыңыз операторға жазылған ретімен жетеді, ал жауап осы чатқа келеді.
    Ботқа ертерек оралу үшін «Әңгімені аяқтау» батырмасын басыңыз.
# Said after support-opened or support-opened-queued when a form is open.
support-opened-draft = Өтінішіңіз сақталды: әңгімеден кейін бот сол жерден жалғастырады.
support-already-open =
    Оператормен әңгіме жүріп жатыр — сұрағыңызды осында жаза беріңіз.
    Ботқа оралу үшін «Әңгімені аяқтау» батырмасын басыңыз.
support-busy =
    Қазір сіз оператормен сөйлесіп отырсыз: әңгіме аяқталғанша боттың командалары мен батырмалары жұмыс істемейді (дербес деректерді өңдеуге берілген келісімді кері қайтарып алатын /privacy командасынан басқа).
    Операторға хабарламаңызды жай ғана жазыңыз. Ботқа оралу үшін «Әңгімені аяқтау» батырмасын басыңыз.
support-busy-short = Қазір оператормен әңгіме жүріп жатыр. Алдымен оны аяқтаңыз.
support-end-button = ✅ Әңгімені аяқтау
support-ended = Оператормен әңгіме аяқталды. Енді сізге қайтадан бот жауап береді — тоқтаған жерден жалғастырамыз.
support-ended-idle = Оператормен әңгіме аяқталды. Енді сізге қайтадан бот жауап береді.
support-closed-undelivered = Оператор әңгімені аяқтап қойған, сондықтан бұл хабарлама оған жіберілмеді. Көмек керек болса, қолдауды қайта ашыңыз: /support
support-unavailable = Қолдау қызметі қазір қолжетімсіз. Кейінірек қайталаңыз — жауаптарыңыз сақталды.
support-open-failed = Қолдау қызметімен байланысу мүмкін болмады. Бір минуттан кейін қайталаңыз — жауаптарыңыз сақталды.
support-relay-failed = Хабарлама операторға жетпеді. Бір минуттан кейін қайта жіберіңіз.
# A message Telegram does not let a bot copy (a giveaway, paid media, a service message), sent while a ticket is open.
support-not-relayable = Мұндай хабарламаны операторға жіберу мүмкін емес. Сұрағыңызды мәтінмен жазыңыз немесе фото не файл жіберіңіз.
# Said (through the outbox) when the ticket's topic could not be made for good after support-opened-queued: the ticket is closed.
support-unreached =
    ⚠️ Қолдау қызметімен байланысу мүмкін болмады: операторлар сұрауыңыз бен хабарламаларыңызды алмады.
    Енді сізге қайтадан бот жауап береді — жауаптарыңыз сақталды. Көмек керек болса, кейінірек қолдауды қайта ашыңыз: /support
# Said (through the outbox) instead of support-unreached when the parent had ended the ticket before its topic could be made.
support-unreached-ended =
    ⚠️ Қолдау қызметіне жіберген, кейін өзіңіз аяқтаған сұрауыңыз операторларға жетпеді: оны да, ондағы хабарламаларыңызды да ешкім көрмеді.
    Сұрағыңыз шешілмеген болса, қолдауды қайта ашыңыз: /support

## Операторлар жағы (тақырыпта, ата-ананың тілінде)
support-topic-name = { $name } · № { $number }
support-card-title = 🆘 <b>№ { $number } сұрау</b>
support-card-parent = Ата-ана: { $name }
support-card-telegram = Telegram: { $name } (id { $id })
support-card-lang = Тілі: қазақ тілі
support-card-apps = <b>Өтініштер:</b>
support-card-app = • № { $number } — { $service } — { $status }
support-card-no-apps = Әзірге өтініш жоқ.
support-card-where-stage = Қазір: № { $number } өтініш ({ $service }), { $step } · { $stage }
support-card-where-review = Қазір: № { $number } өтініш ({ $service }) қол қою алдында тексерілуде
support-card-where-none = Қазір өтініш толтырып жатқан жоқ.
support-card-operator = Оператор: { $name }
support-card-no-operator = Оператор: әлі ешкім алған жоқ
support-card-closed = Жабылды.
support-card-hint = Осы тақырыптағы жауаптарды ата-ана алады (сіздің атыңызсыз). «!» белгісінен басталатын хабарламалар — ішкі жазба, ата-ана оларды көрмейді.
support-take-button = 🙋 Алу
support-close-button = ✅ Жабу
support-taken = { $name } сұрауды алды.
support-taken-answer = Сұрау сізде.
support-taken-by-other = Сұрауды { $name } алып қойған.
# An alert to an administrator who remains anonymous (Telegram's "Remain anonymous" right) tapping Take or Close on the card.
support-anonymous-operator = Сұрауларды тек өз атыңызбен алуға және жабуға болады: топтағы әкімші құқықтарыңыздан «Анонимдік» параметрін өшіріп, қайта басыңыз.
support-closed-by-operator = Сұрау жабылды ({ $name }). Ата-ана ботқа оралды.
support-closed-by-parent = Ата-ана әңгімені аяқтап, ботқа оралды.
# The line in the topic when the parent withdrew their consent (/privacy) during the conversation: it ended with it.
support-closed-by-withdrawal = 🔒 Ата-ана дербес деректерін өңдеуге берген келісімін кері қайтарып алды, әңгіме аяқталды. Оған өзіңіз жазбаңыз: ол қолдау қызметіне қайта жүгінгенде ғана жауап беріңіз.
support-already-closed = Сұрау жабылып қойған.
support-topic-closed-hint = Сұрау жабылған: ата-ана бұл тақырыптағы хабарламаларды алмайды. Ол қолдауға қайта жазса, тақырып ашылады.
support-topic-recreated = Бұл сұраудың бұрынғы тақырыбы жойылды — хат алмасу осында жалғасады.
support-reminder = ⏰ Ата-ана жауапты { $minutes } минуттан астам күтіп отыр.
support-parent-blocked = ⛔ Ата-ана ботты бұғаттады: хабарлама жеткізілмеді. Ол ботқа қайта жазғанда ғана жауап ала алады.
support-operator-relay-failed = ⚠️ Хабарлама ата-анаға жеткізілмеді: Telegram оны қабылдамады. Бір минуттан кейін қайта жіберіңіз.
support-parent-not-told = ⛔ Ата-ана ботты бұғаттады және сұраудың жабылғанын білмеді.
support-operator-edited = ✏️ Оператор өз хабарламасын түзетті, енді ол мынадай:
support-note-already-sent = ⚠️ Бұл хабарлама ата-анаға жіберіліп қойған: кейін қойылған «!» белгісі оны кері қайтарып алмайды.
support-forward-kept = ↪️ Қайта жіберілген хабарлама ата-анаға жіберілмеді: ол ішкі хабарлама болуы мүмкін. Мазмұнын жеткізу үшін оны өзіңіз жазыңыз немесе тіркеңіз.
# Under a message an operator posted in a ticket's topic as a channel (Telegram's "Send as"): not relayed, nobody's to name.
support-channel-not-relayed = ⚠️ Арна атынан жіберілген хабарлама ата-анаға жеткізілмеді: бот тек өз атыңыздан жазылған хабарламаларды ғана жеткізеді. Енгізу өрісінің жанындағы аватарды басып, өзіңізді таңдаңыз да, хабарламаны қайта жіберіңіз.
support-parent-edited = ✏️ Ата-ана өз хабарламасын түзетті, енді ол мынадай:
