# PDF құжаттары (flows/documents). Күндер кодта КК.АА.ЖЖЖЖ түрінде жазылады.

## Ортақ өрістер
doc-field-school = Білім беру ұйымы
doc-field-parent = Өтініш беруші
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
statement-to-director = { $school } директорына
statement-title = ӨТІНІШ
statement-request = Менің балама «{ $service }» мемлекеттік қызметін көрсетуіңізді сұраймын.
statement-child-heading = Бала туралы мәліметтер
statement-answers-heading = Өтініште көрсетілген мәліметтер
statement-attachments-heading = Қоса берілетін құжаттар
statement-attachment-pages = { $pages } бет
statement-no-attachments = Құжаттар қоса берілмеген
statement-consent = Ұсынылған мәліметтердің дұрыстығын растаймын. Қызметті көрсету үшін қажетті өзімнің және баламның дербес деректерін жинауға және өңдеуге келісім беремін.
statement-signer = Өтініш беруші

## Тамақтану туралы анықтама
certificate-title = АНЫҚТАМА
certificate-subtitle = тегін және жеңілдетілген тамақтану алушылар тізіміне енгізу туралы
certificate-body = Осы анықтама төменде көрсетілген білім алушының тегін және жеңілдетілген тамақпен қамтамасыз етілетін білім алушылар тізіміне енгізілгенін растайды.
certificate-issued-by = Анықтаманы берген

## Құжаттарды қабылдау туралы қолхат (үйде оқыту)
receipt-title = ҚОЛХАТ
receipt-subtitle = құжаттарды қабылдау туралы
receipt-body = «{ $service }» мемлекеттік қызметін көрсету үшін өтініш берушіден келесі құжаттар қабылданды:
receipt-col-number = №
receipt-col-document = Құжаттың атауы
receipt-col-pages = Беттер саны
receipt-total = Барлық құжат саны: { $count }
receipt-accepted-by = Құжаттарды қабылдаған

## Директор бұйрығы туралы хабарлама (үйде оқыту)
order-title = ХАБАРЛАМА
order-subtitle = үйде жеке оқыту туралы директор бұйрығы жөнінде
order-body = Директордың { $orderDate } № { $orderNumber } бұйрығымен төменде көрсетілген білім алушының үйде жеке тегін оқытуға ауыстырылғанын хабарлаймыз.
order-field-order = Бұйрық
order-field-period = Үйде оқыту кезеңі
order-prepared-by = Хабарламаны дайындаған
