# Application statuses, actions and why an action is not possible.

lifecycle-status-draft = Жоба
lifecycle-status-signed = Қол қойылды
lifecycle-status-submitted = Мектепке жіберілді
lifecycle-status-registered = Тіркелді
lifecycle-status-completed = Нәтиже берілді
lifecycle-status-refused = Өтінішті қабылдаудан бас тартылды
lifecycle-status-refused-incomplete = Қабылдаудан бас тартылды: құжаттар толық емес
lifecycle-status-refused-unreadable = Қабылдаудан бас тартылды: құжат көшірмесі оқылмайды
lifecycle-status-refused-mismatch = Қабылдаудан бас тартылды: мәліметтер құжаттармен расталмайды
lifecycle-status-refused-wrong-school = Қабылдаудан бас тартылды: өтініш тиісті мектепке берілмеген
lifecycle-status-refused-no-places = Оқуға қабылдаудан бас тартылды: сыныпта бос орын жоқ
lifecycle-status-refused-age = Оқуға қабылдаудан бас тартылды: баланың жасы қабылдау қағидаларына сәйкес келмейді
lifecycle-status-completed-awaiting-order = Құжаттар қабылданды, директордың бұйрығы күтілуде
lifecycle-status-rejected = Дәлелді бас тарту
lifecycle-status-cancelled = Өтініш беруші кері қайтарып алды
lifecycle-status-order-signed = Бұйрыққа қол қойылды

lifecycle-action-sign = Қол қою
lifecycle-action-send = Мектепке жіберу
lifecycle-action-cancel = Өтінішті кері қайтарып алу
lifecycle-action-register = Тіркеу
lifecycle-action-refuse = Қабылдаудан бас тарту
lifecycle-action-issue = Нәтижені беру
lifecycle-action-reject = Дәлелді бас тарту
lifecycle-action-order = Бұйрыққа қол қою

lifecycle-denied-not-allowed-from-status = Өтініштің қазіргі мәртебесінде бұл әрекет қолжетімсіз.
lifecycle-denied-forbidden-for-actor = Сізде бұл әрекетті орындауға құқық жоқ.
lifecycle-denied-reason-required = Себебін көрсетіңіз.
lifecycle-denied-unknown-reason = Тізімнен себепті таңдаңыз.
lifecycle-denied-not-offered-by-service = Бұл қызмет үшін мұндай әрекет қарастырылмаған.
lifecycle-denied-closed-period = Бұл қызмет бойынша өтініштер қабылдау мерзімі аяқталды немесе әлі басталған жоқ.
lifecycle-denied-no-consent = Дербес деректерді өңдеуге келісім кері қайтарып алынды.
