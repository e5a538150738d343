# PDF құжаттары (flows/documents). Күндер кодта КК.АА.ЖЖЖЖ түрінде жазылады.

## Ортақ өрістер
doc-field-school = Білім беру ұйымы
doc-field-parent = Көрсетілетін қызметті алушы
doc-field-child = Білім алушы
doc-field-full-name = Тегі, аты, әкесінің аты
doc-field-iin = ЖСН
doc-field-birth-date = Туған күні
doc-field-grade = Сынып
doc-grade-value = { $grade }-сынып
doc-field-phone = Телефон
doc-field-email = Электрондық пошта
doc-field-basis = Негіздеме
doc-field-category = Санаты
doc-field-period = Кезеңі
doc-period = { $from } – { $to }
doc-school-bin = БСН { $bin }
doc-application-ref = { $date } № { $number } өтініш
doc-number-date = { $date } № { $number }
doc-date = Күні: { $date }
doc-issue-date = Берілген күні: { $date }
doc-signature-hint = (қолы)
doc-page = Бет { $page } / { $pages }
doc-empty-value = —
doc-check-hint = Құжаттың түпнұсқалығын кез келген адам тексере алады: QR-кодқа камераны бағыттаңыз немесе көрсетілген мекенжайды ашып, тексеру кодын енгізіңіз. Тексеру бетінде құжаттың түрі, нөмірі мен күні, білім беру ұйымы, құжаттың жарамдылығы, файлдың SHA-256 бақылау сомасы және білім алушының аты-жөнінің бас әріптері көрсетіледі.
doc-check-code = Тексеру коды: { $code }

## Өтініш (ата-ана қол қоятын құжат)
statement-to-director = «{ $school }» білім беру ұйымының директорына
statement-title = ӨТІНІШ
statement-request = Менің баламға «{ $service }» мемлекеттік көрсетілетін қызметті көрсетуді сұраймын.
statement-child-heading = Бала туралы мәліметтер
statement-answers-heading = Өтініште көрсетілген мәліметтер
statement-attachments-heading = Қоса берілген құжаттар
statement-attachment-pages = { $pages } парақ
statement-no-attachments = Құжаттар қоса берілмеген
statement-consent = Ұсынылған мәліметтердің дұрыстығын растаймын. Қызметті көрсету үшін қажетті өзімнің және баламның дербес деректерін жинауға және өңдеуге келісім беремін.
statement-signer = Көрсетілетін қызметті алушы

## Тамақтану туралы анықтама
certificate-title = АНЫҚТАМА
certificate-subtitle = тегін және жеңілдетілген тамақ алатын білім алушылар тізіміне енгізу туралы
certificate-body = Осы анықтама төменде көрсетілген білім алушының тегін және жеңілдетілген тамақ алатын білім алушылар тізіміне енгізілгенін растайды.
certificate-issued-by = Анықтаманы берген

## Құжаттарды қабылдау туралы қолхат (үйде оқыту)
receipt-title = ҚОЛХАТ
receipt-subtitle = құжаттарды қабылдау туралы
receipt-body = «{ $service }» мемлекеттік көрсетілетін қызметті көрсету үшін көрсетілетін қызметті алушыдан мынадай құжаттар қабылданды:
receipt-col-number = №
receipt-col-document = Құжаттың атауы
receipt-col-pages = Парақтар саны
receipt-total = Барлық құжат саны: { $count }
receipt-accepted-by = Құжаттарды қабылдаған
# A receipt issued the moment the application is sent: nobody at the school signed it.
doc-issuer-system = Мектептің ақпараттық жүйесі
doc-issuer-system-position = өтініш жіберілген сәтте автоматты түрде

## Директор бұйрығы туралы хабарлама (үйде оқыту)
order-title = ХАБАРЛАМА
order-subtitle = үйде жеке тегін оқыту туралы директор бұйрығы жөнінде
order-body = Директордың { $orderDate } № { $orderNumber } бұйрығымен төменде көрсетілген білім алушының үйде жеке тегін оқытуға ауыстырылғанын хабарлаймыз.
order-field-order = Бұйрық
order-field-period = Үйде оқыту кезеңі
order-prepared-by = Хабарламаны дайындаған

## Reasoned refusal
refusal-title = ДӘЛЕЛДІ БАС ТАРТУ
refusal-subtitle = мемлекеттік көрсетілетін қызметті көрсетуден
refusal-body = Төменде көрсетілген өтініш бойынша «{ $service }» мемлекеттік көрсетілетін қызметті көрсетуден мынадай негізде бас тартылды.
refusal-field-reason = Бас тарту негізі
refusal-field-comment = Түсініктеме
refusal-appeal = Көрсетілетін қызметті алушы шешімге Қазақстан Республикасының заңнамасында белгіленген тәртіппен жоғары тұрған органға (білім бөліміне немесе басқармасына) не сотқа шағым жасауға құқылы.
refusal-prepared-by = Бас тартуды дайындаған
