# The provider bot's inbox views and search.

provider-view-new = 🆕 Новые
provider-view-progress = ⏳ В работе
provider-view-overdue = ⚠️ Просроченные
provider-view-decided = ✅ Решено в этом месяце
provider-view-all = 📥 Все ожидающие
provider-view-page = { $view } (страница { $page }/{ $pages }):
provider-view-empty = Здесь пока нет заявлений.
provider-search-hint = 🔎 Чтобы найти заявление, напишите его номер, ИИН или фамилию ребёнка либо родителя.
provider-search-found = 🔎 «{ $query }»: найдено { $count ->
    [one] { $count } заявление
    [few] { $count } заявления
   *[many] { $count } заявлений
}.
provider-search-many = 🔎 «{ $query }»: показаны первые { $count } заявлений — уточните запрос.
provider-search-none = 🔎 «{ $query }»: в вашей школе таких заявлений нет. Напишите номер заявления, ИИН или фамилию.
