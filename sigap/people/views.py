from django.shortcuts import render


def account(request):
    return render(request, "people/account.html")


def users(request):
    return render(request, "people/users.html")


def organisations(request):
    return render(request, "people/organisations.html")
