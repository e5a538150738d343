# The provider bot's inbox views and search.

provider-view-new = 🆕 Жаңа
provider-view-progress = ⏳ Қаралуда
provider-view-overdue = ⚠️ Мерзімі өткен
provider-view-decided = ✅ Осы айда шешілген
provider-view-all = 📥 Барлық күтудегілер
provider-view-page = { $view } ({ $page }/{ $pages } бет):
provider-view-empty = Мұнда әзірге өтініштер жоқ.
provider-search-hint = 🔎 Өтінішті табу үшін оның нөмірін, ЖСН-ді немесе баланың не ата-ананың тегін жазыңыз.
provider-search-found = 🔎 «{ $query }»: табылған өтініштер саны — { $count }.
provider-search-many = 🔎 «{ $query }»: алғашқы { $count } өтініш көрсетілді — сұрауды нақтылаңыз.
provider-search-none = 🔎 «{ $query }»: мектебіңізде мұндай өтініштер жоқ. Өтініш нөмірін, ЖСН-ді немесе тегін жазыңыз.
