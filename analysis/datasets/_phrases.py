"""Answer phrasings of the demo themes in the five shipped languages (planted truth)."""

from __future__ import annotations

# theme -> language -> phrasings of "the first meaningful outcome I expect"
THEME_PHRASES: dict[str, dict[str, list[str]]] = {
    "faster_reporting": {
        "en": [
            "Monthly reports ready in minutes instead of days",
            "Build our board report automatically",
            "Stop wasting hours on spreadsheets for reporting",
            "Faster reports for management every week",
        ],
        "pt": [
            "Relatórios mensais prontos em minutos e não em dias",
            "Gerar o relatório da diretoria automaticamente",
            "Parar de perder horas com planilhas de relatórios",
            "Relatórios mais rápidos para a gestão",
        ],
        "es": [
            "Informes mensuales listos en minutos y no en días",
            "Generar el informe de la junta automáticamente",
            "Dejar de perder horas en hojas de cálculo de informes",
            "Informes más rápidos para la dirección",
        ],
        "pl": [
            "Miesięczne raporty gotowe w minuty zamiast dni",
            "Automatycznie tworzyć raport dla zarządu",
            "Przestać tracić godziny na arkusze z raportami",
            "Szybsze raporty dla kierownictwa co tydzień",
        ],
        "fa": [
            "گزارش‌های ماهانه در چند دقیقه آماده شود",
            "گزارش هیئت مدیره به صورت خودکار ساخته شود",
            "دیگر ساعت‌ها وقت صرف صفحه‌گسترده گزارش نکنیم",
            "گزارش سریع‌تر برای مدیران",
        ],
    },
    "integrations": {
        "en": [
            "Connect it to our CRM and sync the customer data",
            "Integration with Salesforce working without manual export",
            "Our tools talking to each other through the API",
            "Sync data between the CRM and billing",
        ],
        "pt": [
            "Conectar ao nosso CRM e sincronizar os dados dos clientes",
            "Integração com o Salesforce sem exportação manual",
            "Nossas ferramentas conversando pela API",
            "Sincronizar dados entre o CRM e o faturamento",
        ],
        "es": [
            "Conectarlo a nuestro CRM y sincronizar los datos de clientes",
            "Integración con Salesforce sin exportar a mano",
            "Que nuestras herramientas se comuniquen por la API",
            "Sincronizar datos entre el CRM y la facturación",
        ],
        "pl": [
            "Połączyć z naszym CRM i synchronizować dane klientów",
            "Integracja z Salesforce bez ręcznego eksportu",
            "Nasze narzędzia połączone przez API",
            "Synchronizacja danych między CRM a fakturowaniem",
        ],
        "fa": [
            "اتصال به سی‌آر‌ام و همگام‌سازی داده مشتریان",
            "یکپارچگی با سیلزفورس بدون خروجی دستی",
            "ابزارهای ما از طریق ای‌پی‌آی با هم کار کنند",
            "همگام‌سازی داده بین سی‌آر‌ام و صورتحساب",
        ],
    },
    "team_onboarding": {
        "en": [
            "Whole team trained and using it daily",
            "New hires onboarded without my help",
            "Every colleague logged in and collaborating on projects",
            "Team adoption across all departments",
        ],
        "pt": [
            "Toda a equipe treinada e usando diariamente",
            "Novos funcionários integrados sem minha ajuda",
            "Todos os colegas colaborando nos projetos",
            "Adoção pela equipe em todos os departamentos",
        ],
        "es": [
            "Todo el equipo capacitado y usándolo a diario",
            "Nuevos empleados incorporados sin mi ayuda",
            "Todos los compañeros colaborando en los proyectos",
            "Adopción del equipo en todos los departamentos",
        ],
        "pl": [
            "Cały zespół przeszkolony i korzysta codziennie",
            "Nowi pracownicy wdrożeni bez mojej pomocy",
            "Wszyscy współpracownicy współpracują przy projektach",
            "Zespół korzysta we wszystkich działach",
        ],
        "fa": [
            "کل تیم آموزش دیده و هر روز استفاده کند",
            "کارمندان جدید بدون کمک من شروع به کار کنند",
            "همه همکاران روی پروژه‌ها همکاری کنند",
            "استفاده تیم در همه بخش‌ها",
        ],
    },
    "cost_savings": {
        "en": [
            "Cut our software costs by replacing three tools",
            "Lower the monthly bill and save money",
            "Reduce spending on licences this quarter",
            "Save budget compared with the old vendor",
        ],
        "pt": [
            "Cortar custos de software substituindo três ferramentas",
            "Reduzir a conta mensal e economizar dinheiro",
            "Diminuir os gastos com licenças neste trimestre",
            "Economizar orçamento em relação ao fornecedor antigo",
        ],
        "es": [
            "Recortar costes de software reemplazando tres herramientas",
            "Bajar la factura mensual y ahorrar dinero",
            "Reducir el gasto en licencias este trimestre",
            "Ahorrar presupuesto frente al proveedor anterior",
        ],
        "pl": [
            "Obniżyć koszty oprogramowania, zastępując trzy narzędzia",
            "Niższy miesięczny rachunek i oszczędność pieniędzy",
            "Zmniejszyć wydatki na licencje w tym kwartale",
            "Zaoszczędzić budżet w porównaniu ze starym dostawcą",
        ],
        "fa": [
            "کاهش هزینه نرم‌افزار با جایگزینی سه ابزار",
            "پایین آمدن صورتحساب ماهانه و صرفه‌جویی در پول",
            "کاهش هزینه مجوزها در این فصل",
            "صرفه‌جویی در بودجه نسبت به فروشنده قبلی",
        ],
    },
}

FILLER_ANSWERS = {  # answers with no content, per locale
    "en": ["ok", "n/a", "-", "?", "not sure"],
    "pt": ["não sei", "ok", "-"],
    "es": ["no sé", "nada", "-"],
    "pl": ["nie wiem", "-", "?"],
    "fa": ["نمی دانم", "-"],
}
TIMEFRAME_PHRASES = {
    "en": "{n} days",
    "pt": "{n} dias",
    "es": "{n} días",
    "pl": "{n} dni",
    "fa": "{n} روز",
}
