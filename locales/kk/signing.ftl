# The EDS signing page (api/signing): the statement, the NCALayer button and every outcome.

signing-page-title = Өтінішке қол қою
signing-heading = Өтінішке ЭЦҚ-мен қол қойыңыз
signing-application = Өтініш
signing-service = Қызмет
signing-child = Бала
signing-valid-until = Сілтеменің жарамдылық мерзімі
signing-instructions = Өтінішті тексеріңіз. Содан кейін осы компьютерде NCALayer бағдарламасын іске қосып, ЭЦҚ тасымалдағышын салыңыз немесе кілт файлын таңдаңыз да, «ЭЦҚ-мен қол қою» батырмасын басыңыз. AUTH кілтін емес, қол қоюға арналған кілтті ({ $gost ->
        [yes] RSA немесе GOSTKNCA
       *[no] RSA
    }) таңдаңыз.
signing-phone-hint = NCALayer тек компьютерде жұмыс істейді. Телефоннан кірген болсаңыз, ботқа оралып, қолмен қол қойылған өтініштің фотосын жүктеңіз.
signing-button = ЭЦҚ-мен қол қою
signing-statement = Өтініш (PDF)
signing-open-statement = Өтінішті жаңа бетте ашу
signing-noscript = ЭЦҚ-мен қол қою үшін браузерде JavaScript-ті қосыңыз.
signing-status-loading = Өтініш жүктелуде…
signing-status-connecting = NCALayer-ге қосылып жатырмыз…
signing-status-choose-key = NCALayer терезесінде қол қоюға арналған кілтті таңдап, құпиясөзді енгізіңіз.
signing-status-sending = Қолтаңба тексерілуде…
signing-done-title = Өтінішке қол қойылды
signing-done = № { $number } өтінішке қол қойылды. Telegram-ботқа оралыңыз: ол өтінішті мектепке жіберуді ұсынады.
signing-error-not-running = NCALayer іске қосылмаған. NCALayer-ді іске қосыңыз (оны pki.gov.kz сайтынан жүктеп алуға болады), оның белгішесі тапсырмалар тақтасында пайда болғанын күтіп, батырманы қайта басыңыз.
signing-error-cancelled = NCALayer-де қол қою тоқтатылды. Дайын болғанда батырманы қайта басыңыз.
signing-error-ncalayer = NCALayer қате туралы хабарлады: { $detail }. NCALayer-ді қайта іске қосып, тағы бір рет көріңіз.
signing-error-network = Сервермен байланыс орнатылмады. Интернет байланысын тексеріп, қайталап көріңіз.
signing-invalid-title = Қолтаңба қабылданбады
signing-invalid-again = Бұл сілтеме пайдаланылып қойды. Боттан жаңа сілтеме сұрап («ЭЦҚ-мен қол қою»), қайта қол қойыңыз немесе ботқа қолмен қол қойылған өтініштің фотосын жүктеңіз.
signing-problem-unreadable = Қолтаңбаны оқу мүмкін болмады.
signing-problem-wrong-content = Қолтаңба осы өтінішке қойылмаған.
signing-problem-authentication-key = Кіруге арналған кілт (AUTH) таңдалды. Қол қоюға арналған кілтті (RSA немесе GOSTKNCA) таңдаңыз.
signing-problem-not-individual = Бұл ұйымның немесе қызметкердің кілті. Жеке тұлғаның өз ЭЦҚ кілті қажет.
signing-problem-other-person = Кілт басқа адамға тиесілі: кілттегі ЖСН өтініш берушінің ЖСН-іне сәйкес келмейді.
signing-problem-certificate-expired = Кілт сертификатының мерзімі өтіп кеткен немесе әлі басталмаған. ҚР ҰКО-дан жаңа ЭЦҚ кілтін алыңыз немесе өтінішке қағаз түрінде қол қойыңыз.
signing-problem-untrusted = Кілт сертификатын ҚР Ұлттық куәландырушы орталығы бермеген.
signing-problem-revoked = Кілт сертификаты кері қайтарып алынған.
signing-problem-revocation-unavailable = Кілт сертификатының кері қайтарып алынбағанын қазір тексеру мүмкін болмады: ҚР ҰКО-ның тексеру қызметі жауап бермеді. Сәл кейінірек қайталап көріңіз немесе өтінішке қағаз түрінде қол қойып, оның фотосын ботқа жүктеңіз.
signing-problem-signing-time = Қолтаңбадағы қол қою уақыты осы сілтеме бойынша қол қою уақытына сәйкес келмейді. Компьютердегі күн мен уақытты тексеріп, боттан жаңа сілтеме алып, қайта қол қойыңыз.
signing-problem-gost-needs-paper = Бұл түрдегі (ГОСТ) кілттер қазір тексерілмейді. RSA кілтімен қол қойыңыз немесе ботқа қолмен қол қойылған өтініштің фотосын жүктеңіз.
signing-problem-unsupported-key = Бұл түрдегі кілтке қолдау көрсетілмейді. RSA кілтімен қол қойыңыз.
signing-problem-verification-unavailable = Қолтаңбаны тексеру қызметі уақытша қолжетімсіз. Кейінірек қайталап көріңіз.
signing-problem-other = Қолтаңба тексеруден өтпеді.
signing-refused-title = Сілтеме жарамсыз
signing-refused-invalid = Мұндай сілтеме жоқ. Боттағы сілтемені толық ашыңыз немесе боттан жаңа сілтеме сұраңыз.
signing-refused-expired = Сілтеменің мерзімі өтті (ол 30 минут жарамды). Боттан жаңа сілтеме сұраңыз.
signing-refused-used = Бұл сілтеме пайдаланылып қойды. Боттан жаңа сілтеме сұраңыз.
signing-refused-replaced = Бұл өтініш бойынша жаңарақ сілтеме берілді, бұл сілтеме енді жарамсыз. Боттағы соңғы сілтемені ашыңыз.
signing-refused-not-draft = Бұл өтінішке қол қойылып қойған немесе ол кері қайтарып алынған. Толығырақ — ботта.
signing-refused-malformed = Бет бүлінген деректер жіберді. Бетті жаңартып, қайталап көріңіз.
# What eGov mobile shows for a signed document over the size the server takes.
signing-refused-too-large = Қол қойылған құжат тым үлкен, сервер оны қабылдамады. Ботта қол қоюдың басқа тәсілін таңдаңыз.
signing-back-to-bot = Жалғастыру үшін Telegram-ботқа оралыңыз.

# Signing in eGov mobile (mgovSign): the bot's QR code and launch link, and what the app shows.

sign-mobile = 📱 eGov mobile-да қол қою
sign-mobile-qr = № { $number } өтінішке eGov mobile қосымшасында қол қойыңыз.

    <b>Осы телефонда:</b> «eGov mobile-ды ашу» батырмасын басыңыз.
    <b>Басқа телефоннан:</b> eGov mobile-ды ашып, QR-код арқылы қол қоюды таңдаңыз да, камераны осы кодқа бағыттаңыз.

    Код { $minutes } минут және тек бір рет жарамды. Мерзімі өтсе, «Жаңа QR-код» батырмасын басыңыз.
sign-mobile-open = 📱 eGov mobile-ды ашу
sign-mobile-refresh = 🔄 Жаңа QR-код
mgov-description = № { $number } өтінішке қол қою
mgov-document-name = № { $number } өтініш.pdf
mgov-meta-service = Мемлекеттік көрсетілетін қызмет
mgov-meta-number = Өтініш нөмірі
sign-mobile-unavailable = eGov mobile арқылы қол қою қазір қолжетімсіз. Біраздан кейін қайталап көріңіз немесе қол қоюдың басқа тәсілін таңдаңыз.

# A signing page that failed on the server's side (HTTP 500): nothing about why.
signing-error-title = Бет уақытша қолжетімсіз
signing-error = Серверде қате орын алды. Бетті бірнеше минуттан кейін жаңартыңыз.

# eGov mobile through SIGEX: a signature made with a QR code that no longer worked (not taken).
signing-problem-qr-replaced = Қолтаңба енді жарамсыз QR-код бойынша қойылды: одан кейін жаңа QR-код берілді немесе өтініш өзгертілді. Боттағы соңғы QR-кодты сканерлеңіз немесе «🔄 Жаңа QR-код» батырмасын басыңыз.
signing-problem-qr-expired = Қолтаңба мерзімі өтіп кеткен QR-код бойынша қойылды. Боттағы «🔄 Жаңа QR-код» батырмасын басып, жаңа кодты сканерлеңіз.
