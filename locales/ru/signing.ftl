# The EDS signing page (api/signing): the statement, the NCALayer button and every outcome.

signing-page-title = Подписание заявления
signing-heading = Подпишите заявление ЭЦП
signing-application = Заявление
signing-service = Услуга
signing-child = Ребёнок
signing-valid-until = Ссылка действует до
signing-instructions = Проверьте заявление. Затем запустите NCALayer на этом компьютере, вставьте носитель или выберите файл ключа ЭЦП и нажмите «Подписать ЭЦП». Выберите ключ для подписи ({ $gost ->
        [yes] RSA или GOSTKNCA
       *[no] RSA
    }), а не ключ AUTH.
signing-phone-hint = NCALayer работает только на компьютере. С телефона вернитесь в бот и загрузите фото заявления, подписанного от руки.
signing-button = Подписать ЭЦП
signing-statement = Заявление (PDF)
signing-open-statement = Открыть заявление в новой вкладке
signing-noscript = Для подписания ЭЦП включите JavaScript в браузере.
signing-status-loading = Загружаем заявление…
signing-status-connecting = Подключаемся к NCALayer…
signing-status-choose-key = Выберите ключ для подписи в окне NCALayer и введите пароль.
signing-status-sending = Проверяем подпись…
signing-done-title = Заявление подписано
signing-done = Заявление № { $number } подписано. Вернитесь в Telegram-бот: он предложит отправить заявление в школу.
signing-error-not-running = NCALayer не запущен. Запустите NCALayer (его можно скачать на сайте pki.gov.kz), дождитесь его значка на панели задач и нажмите кнопку ещё раз.
signing-error-cancelled = Подписание отменено в NCALayer. Когда будете готовы, нажмите кнопку ещё раз.
signing-error-ncalayer = NCALayer сообщил об ошибке: { $detail }. Перезапустите NCALayer и попробуйте ещё раз.
signing-error-network = Не удалось связаться с сервером. Проверьте подключение к интернету и попробуйте ещё раз.
signing-invalid-title = Подпись не принята
signing-invalid-again = Эта ссылка уже использована. Попросите в боте новую ссылку («Подписать ЭЦП») и подпишите снова или загрузите в боте фото заявления, подписанного от руки.
signing-problem-unreadable = Подпись не удалось прочитать.
signing-problem-wrong-content = Подпись сделана не под этим заявлением.
signing-problem-authentication-key = Выбран ключ для входа (AUTH). Выберите ключ для подписи (RSA или GOSTKNCA).
signing-problem-not-individual = Это ключ организации или сотрудника. Нужен личный ключ ЭЦП физического лица.
signing-problem-other-person = Ключ принадлежит другому человеку: ИИН в ключе не совпадает с ИИН заявителя.
signing-problem-certificate-expired = Срок действия сертификата ключа истёк или ещё не начался. Получите новый ключ ЭЦП в НУЦ РК или подпишите заявление на бумаге.
signing-problem-untrusted = Сертификат ключа выдан не Национальным удостоверяющим центром РК.
signing-problem-revoked = Сертификат ключа отозван.
signing-problem-revocation-unavailable = Сейчас не удалось проверить, не отозван ли сертификат ключа: сервис проверки НУЦ РК не ответил. Попробуйте ещё раз немного позже или подпишите заявление на бумаге и загрузите его фото в боте.
signing-problem-signing-time = Время подписания в подписи не совпадает со временем подписания по этой ссылке. Проверьте дату и время на компьютере и подпишите снова по новой ссылке из бота.
signing-problem-gost-needs-paper = Ключи этого типа (ГОСТ) сейчас не проверяются. Подпишите ключом RSA или загрузите в боте фото заявления, подписанного от руки.
signing-problem-unsupported-key = Ключ этого типа не поддерживается. Подпишите ключом RSA.
signing-problem-verification-unavailable = Сервис проверки подписи временно недоступен. Попробуйте позже.
signing-problem-other = Подпись не прошла проверку.
signing-refused-title = Ссылка недействительна
signing-refused-invalid = Такой ссылки нет. Откройте ссылку из бота полностью или попросите в боте новую.
signing-refused-expired = Срок действия ссылки истёк (она действует 30 минут). Попросите в боте новую ссылку.
signing-refused-used = Эта ссылка уже использована. Попросите в боте новую ссылку.
signing-refused-replaced = Для этого заявления выдана более новая ссылка, эта больше не действует. Откройте последнюю ссылку из бота.
signing-refused-not-draft = Это заявление уже подписано или отозвано. Подробности — в боте.
signing-refused-malformed = Страница отправила повреждённые данные. Обновите страницу и попробуйте ещё раз.
# What eGov mobile shows for a signed document over the size the server takes.
signing-refused-too-large = Подписанный документ слишком велик, сервер его не принял. Выберите в боте другой способ подписи.
signing-back-to-bot = Вернитесь в Telegram-бот, чтобы продолжить.

# Signing in eGov mobile (mgovSign): the bot's QR code and launch link, and what the app shows.

sign-mobile = 📱 Подписать в eGov mobile
sign-mobile-qr = Подпишите заявление № { $number } в приложении eGov mobile.

    <b>На этом телефоне:</b> нажмите «Открыть eGov mobile».
    <b>С другого телефона:</b> откройте eGov mobile, выберите подписание по QR-коду и наведите камеру на этот код.

    Код действует { $minutes } минут и только один раз. Если срок истёк, нажмите «Новый QR-код».
sign-mobile-open = 📱 Открыть eGov mobile
sign-mobile-refresh = 🔄 Новый QR-код
mgov-description = Подписание заявления № { $number }
mgov-document-name = Заявление № { $number }.pdf
mgov-meta-service = Государственная услуга
mgov-meta-number = Номер заявления
sign-mobile-unavailable = Подписание через eGov mobile сейчас недоступно. Попробуйте немного позже или выберите другой способ подписания.

# A signing page that failed on the server's side (HTTP 500): nothing about why.
signing-error-title = Страница временно недоступна
signing-error = На сервере произошла ошибка. Обновите страницу через несколько минут.

# eGov mobile through SIGEX: a signature made with a QR code that no longer worked (not taken).
signing-problem-qr-replaced = Подпись сделана по QR-коду, который больше не действует: после него выдан новый QR-код или заявление изменено. Отсканируйте последний QR-код из бота или нажмите «🔄 Новый QR-код».
signing-problem-qr-expired = Подпись сделана по QR-коду, срок действия которого истёк. Нажмите в боте «🔄 Новый QR-код» и отсканируйте новый.
